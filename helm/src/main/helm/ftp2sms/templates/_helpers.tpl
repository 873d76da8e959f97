{{- define "ftp2sms.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* kebab-case name of a service key: ftpGateway -> ftp-gateway */}}
{{- define "ftp2sms.serviceName" -}}
{{- printf "%s-%s" (include "ftp2sms.fullname" .root) (kebabcase .name) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ftp2sms.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "ftp2sms.sharedClaim" -}}
{{- default (printf "%s-data" (include "ftp2sms.fullname" .)) .Values.sharedData.existingClaim -}}
{{- end -}}
