# High North monitor — `monitor run` (poll, deliver, serve) as a non-root service.
#   docker build -t high-north-monitor .
#   docker run -d -p 8080:8080 -v monitor-storage:/app/storage \
#     -v "$PWD/sources.toml:/app/sources.toml:ro" \
#     -e MONITOR_SMTP_URL=smtp+starttls://user:pass@mail.example.org:587 high-north-monitor
# Scale-out with PostgreSQL and several workers: compose.yaml.
# Without a registry (as CI builds and tests it, tests/test_container.py; docs/container.md):
#   .ci/container-base && podman build --format docker --network=host --pull=never -t high-north-monitor .

# Build stage: wheels for the project and every dependency (compilers stay here).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY templates ./templates
COPY storage/seeds ./storage/seeds
RUN pip install --no-cache-dir --upgrade pip \
 && pip wheel --no-cache-dir --wheel-dir /wheels .

# Runtime stage: the wheels installed, nothing else.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 monitor
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels high-north-monitor \
 && rm -rf /wheels
WORKDIR /app
COPY sources.toml /app/sources.toml
RUN mkdir -p /app/storage && chown -R monitor:monitor /app
USER monitor
ENV MONITOR_CONFIG=/app/sources.toml \
    MONITOR_SERVER_HOST=0.0.0.0 \
    MONITOR_SERVER_PORT=8080 \
    PYTHONUNBUFFERED=1
VOLUME ["/app/storage"]
EXPOSE 8080
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('MONITOR_SERVER_PORT') or '8080'; sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=5).status == 200 else 1)"]
ENTRYPOINT ["monitor"]
CMD ["run"]
