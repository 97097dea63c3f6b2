{{- define "nodes-platform.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "nodes-platform.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "nodes-platform.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "nodes-platform.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "nodes-platform.selectorLabels" -}}
app.kubernetes.io/name: nodes-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "nodes-platform.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "nodes-platform.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The rules the operator needs, no more: it reads NodesPlatforms and patches their status (server-side
apply), keeps its children in informers (list, watch) and writes them (create, update; Jobs are never
updated), reads referenced Secrets through an informer, and records Events. The regression watch
reads the service's Endpoints (one get per window) and a finished profiling Job's pods (their
termination message: get, list by the job-name label).
*/}}
{{- define "nodes-platform.rules" -}}
- apiGroups: ["platform.nodes.dev"]
  resources: ["nodesplatforms"]
  verbs: ["list", "watch"]
- apiGroups: ["platform.nodes.dev"]
  resources: ["nodesplatforms/status"]
  verbs: ["patch"]
# owner references with blockOwnerDeletion need this where OwnerReferencesPermissionEnforcement is on
- apiGroups: ["platform.nodes.dev"]
  resources: ["nodesplatforms/finalizers"]
  verbs: ["update"]
# server-side apply: a PATCH, which also creates what does not exist yet
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "patch"]
# created once, never changed: migration Jobs (a plain create) and profiling Jobs
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["list", "watch", "create"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["list"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
{{- end }}
