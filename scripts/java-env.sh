# Sourced by the project's scripts: Temurin 25 (the machine's default java is 17).
export JAVA_HOME=${NODES_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "Temurin 25 not found at $JAVA_HOME (set NODES_JAVA_HOME)" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
