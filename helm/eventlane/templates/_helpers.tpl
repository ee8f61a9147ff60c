{{/*
Helpers. Per-component helpers take a dict: (dict "ctx" $ "component" "ingest-api").
Components: ingest-api, stream-processors, query-api; their values live under ingestApi,
streamProcessors and queryApi.
*/}}

{{- define "eventlane.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "eventlane.fullname" -}}
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

{{/* The values key of a component: index .Values (include "eventlane.valuesKey" "ingest-api"). */}}
{{- define "eventlane.valuesKey" -}}
{{- get (dict "ingest-api" "ingestApi" "stream-processors" "streamProcessors" "query-api" "queryApi") . }}
{{- end }}

{{- define "eventlane.componentName" -}}
{{- printf "%s-%s" (include "eventlane.fullname" .ctx | trunc 45 | trimSuffix "-") .component }}
{{- end }}

{{- define "eventlane.selectorLabels" -}}
app.kubernetes.io/name: {{ include "eventlane.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "eventlane.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "eventlane.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: eventlane
{{- end }}

{{/* Required connection settings, checked once wherever they are used. */}}
{{- define "eventlane.kafka" -}}
{{- required "kafka.bootstrapServers is required (the external Kafka, host:port[,host:port])" .Values.kafka.bootstrapServers }}
{{- end }}
{{- define "eventlane.clickhouseUrl" -}}
{{- required "clickhouse.url is required (the external ClickHouse HTTP URL)" .Values.clickhouse.url }}
{{- end }}

{{/*
Name and key of the Secret holding the API keys (key=project pairs): auth.existingSecret, the
chart's Secret when auth.staticKeys is set, else the one generated at install.
*/}}
{{- define "eventlane.generateKeys" -}}
{{- if not (or .Values.auth.staticKeys .Values.auth.existingSecret) }}true{{ end }}
{{- end }}
{{- define "eventlane.authSecretName" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecret }}
{{- else if include "eventlane.generateKeys" . }}{{ include "eventlane.fullname" . }}-generated
{{- else }}{{ include "eventlane.fullname" . }}
{{- end }}
{{- end }}
{{- define "eventlane.authSecretKey" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecretKey }}{{ else }}static-keys{{ end }}
{{- end }}

{{/* Name and key of the Secret holding the PostgreSQL password; empty name: no password. */}}
{{- define "eventlane.postgresSecretName" -}}
{{- if .Values.postgres.existingSecret }}{{ .Values.postgres.existingSecret }}
{{- else if .Values.postgres.password }}{{ include "eventlane.fullname" . }}
{{- end }}
{{- end }}
{{- define "eventlane.postgresSecretKey" -}}
{{- if .Values.postgres.existingSecret }}{{ .Values.postgres.existingSecretPasswordKey }}{{ else }}postgres-password{{ end }}
{{- end }}

{{/*
Non-secret settings of one component, as a YAML map of environment variables (its ConfigMap).
The component's `env` values are added (values.schema.json refuses secret-looking names there).
*/}}
{{- define "eventlane.config" -}}
{{- $v := .ctx.Values }}
{{- $svc := index $v (include "eventlane.valuesKey" .component) }}
{{- $env := dict "QUARKUS_HTTP_PORT" $svc.port }}
{{- $_ := set $env "KAFKA_BOOTSTRAP_SERVERS" (include "eventlane.kafka" .ctx) }}
{{- with $v.kafka.securityProtocol }}{{ $_ := set $env "KAFKA_SECURITY_PROTOCOL" . }}{{ end }}
{{- with $v.kafka.saslMechanism }}{{ $_ := set $env "KAFKA_SASL_MECHANISM" . }}{{ end }}
{{- if ne .component "ingest-api" }}
{{- with index $v.clickhouse.users (include "eventlane.valuesKey" .component) }}
{{- $_ := set $env "EVENTLANE_CLICKHOUSE_USER" . }}
{{- end }}
{{- $_ := set $env "EVENTLANE_CLICKHOUSE_URL" (include "eventlane.clickhouseUrl" .ctx) }}
{{- $_ := set $env "EVENTLANE_CLICKHOUSE_DATABASE" (required "clickhouse.database is required" $v.clickhouse.database) }}
{{- end }}
{{- if eq .component "stream-processors" }}
{{- $_ := set $env "KAFKA_STREAMS_STATE_DIR" $svc.persistence.mountPath }}
{{- if $v.kafka.replicationFactor }}
{{- $_ := set $env "EVENTLANE_TOPICS_REPLICATION_FACTOR" $v.kafka.replicationFactor }}
{{- end }}
{{- if $v.kafka.minInsyncReplicas }}
{{- $_ := set $env "EVENTLANE_TOPICS_MIN_INSYNC_REPLICAS" $v.kafka.minInsyncReplicas }}
{{- end }}
{{- end }}
{{- if eq .component "query-api" }}
{{- with $v.clickhouse.users.queryApiReader }}
{{- $_ := set $env "EVENTLANE_CLICKHOUSE_READER_USER" . }}
{{- end }}
{{- $_ := set $env "QUARKUS_DATASOURCE_JDBC_URL" (required "postgres.jdbcUrl is required" $v.postgres.jdbcUrl) }}
{{- $_ := set $env "QUARKUS_DATASOURCE_USERNAME" (required "postgres.username is required" $v.postgres.username) }}
{{- end }}
{{- range $name, $value := $svc.env }}
{{- $_ := set $env $name $value }}
{{- end }}
{{- range $name, $value := $env }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* Environment variables read from Secrets. */}}
{{- define "eventlane.secretEnv" -}}
{{- if ne .component "stream-processors" }}
- name: EVENTLANE_AUTH_STATIC_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ include "eventlane.authSecretName" .ctx }}
      key: {{ include "eventlane.authSecretKey" .ctx }}
{{- end }}
{{- with .ctx.Values.kafka.saslExistingSecret }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.component }}
{{- end }}
{{- if and (ne .component "ingest-api") .ctx.Values.clickhouse.existingSecret }}
- name: EVENTLANE_CLICKHOUSE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .ctx.Values.clickhouse.existingSecret }}
      key: {{ .component }}
{{- end }}
{{- if and (eq .component "query-api") .ctx.Values.clickhouse.existingSecret .ctx.Values.clickhouse.users.queryApiReader }}
- name: EVENTLANE_CLICKHOUSE_READER_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .ctx.Values.clickhouse.existingSecret }}
      key: query-api-reader
{{- end }}
{{- if and (eq .component "query-api") (include "eventlane.postgresSecretName" .ctx) }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "eventlane.postgresSecretName" .ctx }}
      key: {{ include "eventlane.postgresSecretKey" .ctx }}
{{- end }}
{{- end }}

{{- define "eventlane.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
{{ toYaml .timing }}
{{- end }}

{{/* The pod template of one component (Deployment or StatefulSet). */}}
{{- define "eventlane.podTemplate" -}}
{{- $ctx := .ctx }}
{{- $svc := index $ctx.Values (include "eventlane.valuesKey" .component) }}
metadata:
  labels:
    {{- include "eventlane.selectorLabels" . | nindent 4 }}
  annotations:
    checksum/config: {{ include "eventlane.config" . | sha256sum }}
    {{- if $ctx.Values.metrics.enabled }}
    prometheus.io/scrape: "true"
    prometheus.io/path: /q/metrics
    prometheus.io/port: {{ $svc.port | quote }}
    {{- end }}
    {{- with $svc.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  automountServiceAccountToken: false
  {{- with $ctx.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $ctx.Values.podSecurityContext | nindent 4 }}
  containers:
    - name: {{ .component }}
      image: "{{ $svc.image.repository }}:{{ $svc.image.tag | default $ctx.Chart.AppVersion }}"
      imagePullPolicy: {{ $svc.image.pullPolicy }}
      securityContext:
        {{- toYaml $ctx.Values.securityContext | nindent 8 }}
      ports:
        - name: http
          containerPort: {{ $svc.port }}
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "eventlane.componentName" . }}
      {{- with include "eventlane.secretEnv" . }}
      env:
        {{- . | trim | nindent 8 }}
      {{- end }}
      startupProbe:
        {{- include "eventlane.probe" (dict "path" "/q/health/live" "timing" $ctx.Values.probes.startup) | nindent 8 }}
      livenessProbe:
        {{- include "eventlane.probe" (dict "path" "/q/health/live" "timing" $ctx.Values.probes.liveness) | nindent 8 }}
      readinessProbe:
        {{- include "eventlane.probe" (dict "path" "/q/health/ready" "timing" $ctx.Values.probes.readiness) | nindent 8 }}
      resources:
        {{- toYaml $svc.resources | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- if eq .component "stream-processors" }}
        - name: streams-state
          mountPath: {{ $svc.persistence.mountPath }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
  {{- with $svc.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $svc.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $svc.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/*
The names of Eventlane's topics, comma-separated, from files/topics.txt (a copy of the schemas module's catalogue,
kept equal to it by DeploymentFilesTest).
*/}}
{{- define "eventlane.topicNames" -}}
{{- $names := list -}}
{{- range .Files.Lines "files/topics.txt" -}}
{{- if . -}}{{- $names = append $names (index (splitList " " .) 0) -}}{{- end -}}
{{- end -}}
{{- join ", " $names -}}
{{- end -}}
