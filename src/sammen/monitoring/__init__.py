"""What operators watch: one JSON log line per request with a request id, Prometheus metrics at ``/metrics`` for
those who hold the token, and error reports to a Sentry-compatible server when a DSN is configured — none of them
carrying personal data beyond ids."""
