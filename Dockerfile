# One image for the Dagster code location, webserver and daemon (docker-compose.yml).
FROM python:3.11-slim
WORKDIR /opt/warehouse
COPY pyproject.toml README.md ./
COPY warehouse ./warehouse
COPY pipelines ./pipelines
COPY tools ./tools
COPY migrations ./migrations
COPY alembic.ini ./
COPY data ./data
RUN pip install --no-cache-dir . dagster-postgres
ENV DAGSTER_HOME=/opt/dagster/dagster_home
COPY docker/dagster.yaml /opt/dagster/dagster_home/dagster.yaml
COPY docker/workspace.yaml /opt/dagster/dagster_home/workspace.yaml
