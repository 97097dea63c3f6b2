# Sourced by the project's scripts: apt_install PACKAGE... installs from Debian (apt-get update once per script).
# The sourcing script defines say.
apt_updated=0
apt_install() {
  if [ $apt_updated = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  say "installing $* from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
