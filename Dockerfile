# High North monitor — `monitor run` as a non-root service.
#   docker build -t high-north-monitor .
#   docker run -d -v monitor-storage:/app/storage \
#     -v "$PWD/sources.toml:/app/sources.toml:ro" \
#     -e MONITOR_SMTP_URL=smtp+starttls://user:pass@mail.example.org:587 high-north-monitor

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY templates ./templates
COPY storage/seeds ./storage/seeds
RUN pip install --no-cache-dir --upgrade pip \
 && pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 monitor
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
WORKDIR /app
COPY sources.toml /app/sources.toml
RUN mkdir -p /app/storage && chown -R monitor:monitor /app
USER monitor
ENV MONITOR_CONFIG=/app/sources.toml \
    PYTHONUNBUFFERED=1
VOLUME ["/app/storage"]
ENTRYPOINT ["monitor"]
CMD ["run"]
