{{/* Chart name, overridable. */}}
{{- define "reunir.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every resource name. Cluster-scoped objects (ClusterRoles, ClusterRoleBindings) carry it
too, so two releases in different namespaces do not collide.
*/}}
{{- define "reunir.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "reunir.operatorName" -}}
{{- printf "%s-operator" (include "reunir.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "reunir.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "reunir.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "reunir.operatorName" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Selector labels: only name, instance and component, which never change across upgrades
(a Deployment's selector is immutable).
*/}}
{{- define "reunir.selectorLabels" -}}
app.kubernetes.io/name: {{ include "reunir.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* Labels on every object; pass a dict with "ctx" (the root) and "component". */}}
{{- define "reunir.labels" -}}
app.kubernetes.io/name: {{ include "reunir.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: reunir
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ include "reunir.chart" .ctx }}
{{- end }}

{{- define "reunir.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "reunir.agentImage" -}}
{{- printf "%s:%s" .Values.agent.image.repository (default .Chart.AppVersion .Values.agent.image.tag) }}
{{- end }}

{{/*
Permissions on namespaced objects, for the operator (see README.md "RBAC" for why each exists).
Granted cluster-wide when all namespaces are watched, else by a Role in each watched namespace.
*/}}
{{- define "reunir.namespacedRules" -}}
- apiGroups: ["reunir.io"]
  resources: ["collectionpolicies"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["reunir.io"]
  resources: ["collectionpolicies/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["reunir.io"]
  resources: ["collectionpolicies/finalizers"]
  verbs: ["update"]
- apiGroups: ["reunir.io"]
  resources: ["advisorysources"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["reunir.io"]
  resources: ["advisorysources/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: [""]
  resources: ["serviceaccounts", "configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["daemonsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* Permissions on cluster-scoped objects, always in the operator's ClusterRole. */}}
{{- define "reunir.clusterRules" -}}
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["clusterrolebindings"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["clusterroles"]
  verbs: ["bind"]
  resourceNames: [{{ .Values.agent.clusterRoleName | quote }}]
- apiGroups: [""]
  resources: ["nodes"]
  verbs: ["get", "list", "watch"]
{{- end }}
