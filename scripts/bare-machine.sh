#!/bin/sh
# Runs a command as on a bare machine without Debian's Chromium libraries: inside a private mount
# namespace the system's NSS/NSPR shared objects read as empty files (and, with HIDE_FONTS=1, there
# are no system fonts), while the packages stay installed for everyone else. Needs root:
#   unshare -m scripts/bare-machine.sh npm test
set -e
for f in $(dpkg -L libnss3 libnspr4 2>/dev/null | grep '\.so'); do
  if [ -f "$f" ] && [ ! -L "$f" ]; then mount --bind /dev/null "$f"; fi
done
if [ "${HIDE_FONTS:-0}" = 1 ]; then
  for d in /usr/share/fonts /etc/fonts /var/cache/fontconfig; do mount -t tmpfs tmpfs "$d"; done
fi
exec "$@"
