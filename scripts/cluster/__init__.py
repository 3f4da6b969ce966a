"""The cluster test: three real instances behind HAProxy, restarted one by one under load."""
