{{- define "ftp2sms.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* kebab-case name of a service key: ftpGateway -> <fullname>-ftp-gateway */}}
{{- define "ftp2sms.serviceName" -}}
{{- printf "%s-%s" (include "ftp2sms.fullname" .root) (kebabcase .name) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ftp2sms.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "ftp2sms.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ kebabcase .name }}
{{- end -}}

{{- define "ftp2sms.image" -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}

{{- define "ftp2sms.sharedClaim" -}}
{{- default (printf "%s-data" (include "ftp2sms.fullname" .)) .Values.sharedData.existingClaim -}}
{{- end -}}

{{- define "ftp2sms.serviceAccountName" -}}
{{- default (include "ftp2sms.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "ftp2sms.adminTokenSecret" -}}
{{- default (printf "%s-admin-token" (include "ftp2sms.fullname" .)) .Values.secrets.adminToken.existingSecret -}}
{{- end -}}

{{- define "ftp2sms.bootstrap" -}}
{{- required "kafka.bootstrap is required (FTP2SMS_KAFKA_BOOTSTRAP): the existing Kafka cluster's bootstrap servers" .Values.kafka.bootstrap -}}
{{- end -}}

{{/* The pod-level parts every ftp2sms pod shares: service account, security context, pull secrets, scheduling. */}}
{{- define "ftp2sms.podSpecCommon" -}}
serviceAccountName: {{ include "ftp2sms.serviceAccountName" . }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Kafka connection and security variables: every piece from its own Secret (Strimzi keeps user and CA apart). */}}
{{- define "ftp2sms.kafkaEnv" -}}
- name: FTP2SMS_KAFKA_BOOTSTRAP
  value: {{ include "ftp2sms.bootstrap" . | quote }}
{{- with .Values.kafka.topicPrefix }}
- name: FTP2SMS_TOPIC_PREFIX
  value: {{ . | quote }}
{{- end }}
{{- with .Values.kafka.securityProtocol }}
- name: FTP2SMS_KAFKA_SECURITY_PROTOCOL
  value: {{ . | quote }}
{{- end }}
{{- with .Values.kafka.sasl.mechanism }}
- name: FTP2SMS_KAFKA_SASL_MECHANISM
  value: {{ . | quote }}
- name: FTP2SMS_KAFKA_SASL_USERNAME
  value: {{ required "kafka.sasl.username is required with kafka.sasl.mechanism (FTP2SMS_KAFKA_SASL_USERNAME)" $.Values.kafka.sasl.username | quote }}
- name: FTP2SMS_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required with kafka.sasl.mechanism (FTP2SMS_KAFKA_SASL_PASSWORD)" $.Values.kafka.sasl.existingSecret }}
      key: {{ $.Values.kafka.sasl.passwordKey }}
{{- end }}
{{- with .Values.kafka.tls.caSecret }}
- name: FTP2SMS_KAFKA_TRUSTSTORE
  value: /etc/ftp2sms/kafka-ca/{{ $.Values.kafka.tls.caKey }}
{{- end }}
{{- with .Values.kafka.tls.userSecret }}
- name: FTP2SMS_KAFKA_KEYSTORE
  value: /etc/ftp2sms/kafka-user/{{ $.Values.kafka.tls.keystoreKey }}
- name: FTP2SMS_KAFKA_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.kafka.tls.keystorePasswordKey }}
{{- end }}
{{- if .Values.kafka.clientConfigSecret }}
- name: FTP2SMS_KAFKA_CONFIG_FILE
  value: /etc/ftp2sms/kafka/client.properties
{{- end }}
{{- end -}}

{{- define "ftp2sms.kafkaVolumeMounts" -}}
{{- if .Values.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/ftp2sms/kafka-ca
  readOnly: true
{{- end }}
{{- if .Values.kafka.tls.userSecret }}
- name: kafka-user
  mountPath: /etc/ftp2sms/kafka-user
  readOnly: true
{{- end }}
{{- if .Values.kafka.clientConfigSecret }}
- name: kafka-client
  mountPath: /etc/ftp2sms/kafka
  readOnly: true
{{- end }}
{{- end -}}

{{- define "ftp2sms.kafkaVolumes" -}}
{{- with .Values.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ . }}
    items:
      - key: {{ $.Values.kafka.tls.caKey }}
        path: {{ $.Values.kafka.tls.caKey }}
{{- end }}
{{- with .Values.kafka.tls.userSecret }}
- name: kafka-user
  secret:
    secretName: {{ . }}
    items:
      - key: {{ $.Values.kafka.tls.keystoreKey }}
        path: {{ $.Values.kafka.tls.keystoreKey }}
{{- end }}
{{- with .Values.kafka.clientConfigSecret }}
- name: kafka-client
  secret:
    secretName: {{ . }}
{{- end }}
{{- end -}}
