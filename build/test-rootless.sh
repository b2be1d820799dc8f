#!/usr/bin/env bash
# Runs the rootless test suite as unprivileged users. This is test setup, not the user-
# facing setup: as root it creates two test users (the first with subordinate ids, the
# second without, to test what info reports), a runtime directory for each (there is
# no systemd here to make /run/user/UID), and a copy of the checkout the first can
# read and write, then runs the suite as that user. Run as a user, it runs the suite.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  exec npx vitest run --project integration --project rootless
fi

user1=podyard-test
user2=podyard-test2
ensure_user() {
  id "$1" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$1"
  chmod 700 "/home/$1"
  local uid
  uid=$(id -u "$1")
  mkdir -p "/run/user/$uid"
  chown "$1:" "/run/user/$uid"
  chmod 700 "/run/user/$uid"
}
ensure_user "$user1"
ensure_user "$user2"
# The first user gets Podman's usual 65536 subordinate ids; the second none.
grep -q "^$user1:" /etc/subuid || usermod --add-subuids 100000-165535 "$user1"
grep -q "^$user1:" /etc/subgid || usermod --add-subgids 100000-165535 "$user1"
sed -i "/^$user2:/d" /etc/subuid /etc/subgid

as_user() {
  local who=$1
  shift
  runuser -u "$who" -- env -i HOME="/home/$who" USER="$who" PATH=/usr/local/bin:/usr/bin:/bin \
    XDG_RUNTIME_DIR="/run/user/$(id -u "$who")" CI="${CI:-}" "$@"
}

# A copy of the checkout (built, with its node_modules) that the first test user owns
# and the second can read (to run its own commands); state never lives there.
copy=/var/tmp/podyard-rootless/podyard
rm -rf "$copy"
mkdir -p "$copy"
chmod 755 /var/tmp/podyard-rootless
tar --exclude=./.git --exclude=./test-results --exclude=./release -cf - . | tar -xf - -C "$copy"
chown -R "$user1:" "$copy"
chmod 755 "$copy"

# The second user's own state: a pod, and what `podyard info` tells them.
as_user "$user2" node "$copy/bin/podyard.js" pod rm -f theirs >/dev/null 2>&1 || true
as_user "$user2" node "$copy/bin/podyard.js" pod create --name theirs >/dev/null
as_user "$user2" node "$copy/bin/podyard.js" info > /tmp/podyard-test2-info.txt
chmod 644 /tmp/podyard-test2-info.txt

cd "$copy"
as_user "$user1" env PODYARD_OTHER_USER="$user2" PODYARD_OTHER_UID="$(id -u "$user2")" npx vitest run --project integration --project rootless
