#!/bin/sh
# faultline node init: fresh host keys per container, the controller's public key from
# $FAULTLINE_AUTHORIZED_KEY, then sshd in the foreground (the container lives as long as it).
set -eu
ssh-keygen -A >/dev/null
if [ -n "${FAULTLINE_AUTHORIZED_KEY:-}" ]; then
  printf '%s\n' "$FAULTLINE_AUTHORIZED_KEY" > /root/.ssh/authorized_keys
  chmod 600 /root/.ssh/authorized_keys
fi
mkdir -p /run/sshd
exec /usr/sbin/sshd -D -e
