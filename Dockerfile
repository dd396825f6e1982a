# wiz-camel as a container: the jar (which carries its default routes and application.properties), a non-root user,
# the state in /data and the files in /out. Build the jar first:
#   mvn -q -DskipTests package && docker build -t wiz-camel .
#   docker run -e WIZ_API_URL=... -e WIZ_CLIENT_ID=... -e WIZ_CLIENT_SECRET=... -v wiz-data:/data -v wiz-out:/out wiz-camel
# Your own application.properties and routes/ go in /etc/wiz-camel (WIZ_HOME); what that folder lacks comes from
# the jar. Details: docs/deploy.md
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 wiz \
 && useradd --system --uid 10001 --gid wiz --home-dir /opt/wiz-camel --shell /usr/sbin/nologin wiz \
 && mkdir -p /opt/wiz-camel /etc/wiz-camel /data /out \
 && chown wiz:wiz /data /out

COPY target/wiz-camel.jar /opt/wiz-camel/wiz-camel.jar
# the connector's class archive beside the jar (docs/operations.md, "The JVM"), which the runtime user could not
# write: made by one run against the embedded emulator, in a scratch folder
RUN cd /tmp && WIZ_STATE_DIR=/tmp/train WIZ_OUTPUT_DIR=/tmp/train/out \
    java -jar /opt/wiz-camel/wiz-camel.jar --once --emulator > /dev/null \
 && ls /opt/wiz-camel/wiz-camel.*.jsa && rm -rf /tmp/train

ENV WIZ_HOME=/etc/wiz-camel \
    WIZ_STATE_DIR=/data \
    WIZ_OUTPUT_DIR=/out \
    CAMEL_MANAGEMENT_PORT=9876

USER 10001:10001
WORKDIR /opt/wiz-camel
VOLUME ["/data", "/out"]
# the management port: health and metrics
EXPOSE 9876

# curl ships with the Temurin image; /observe/health is Camel's health check on the management port
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:9876/observe/health || exit 1

# SIGTERM (docker stop) ends a run at its next page boundary and exits 0 within 20 s
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/wiz-camel/wiz-camel.jar"]
