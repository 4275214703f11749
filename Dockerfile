# The registry under gunicorn; whitenoise serves the static files collected at build time.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# libmagic recognises uploaded documents' types by their content (python-magic);
# postgresql-client (15 on this Debian) gives `manage.py backup`/`restore` pg_dump and
# pg_restore of the compose database's major version.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not reinstall them. pyproject.toml names
# README.md as the project's readme, so the build needs it too.
COPY pyproject.toml README.md ./
RUN pip install . && rm -rf build *.egg-info

COPY . .

# BUILD-TIME THROWAWAY KEY: settings refuse to load with DEBUG off and no SECRET_KEY, and
# collectstatic needs the settings. This key signs nothing; the container gets its own.
RUN DEBUG=0 \
    SECRET_KEY=build-time-only-collectstatic-key-never-used-at-runtime \
    python manage.py collectstatic --no-input

# The code stays root-owned and read-only to the server; only uploads and the generated
# dataset files (datasets/) are writable.
RUN useradd --system --no-create-home --shell /usr/sbin/nologin registry \
    && mkdir -p /app/media /app/var/datasets \
    && chown registry:registry /app/media /app/var/datasets
USER registry

EXPOSE 8000
# gunicorn.conf.py: threaded workers (long downloads are not cut off), their number, the log.
CMD ["gunicorn", "registry.wsgi:application", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
