# shellcheck shell=bash
# Sourced by the .deb builders: the Installed-Size field, reckoned the way dpkg-gencontrol
# does (each file's size rounded up to a KiB, one KiB for each directory or link), not by
# `du`, whose file-system blocks count the bundle's 1,300 small cached renders at 4 KiB each.
installed_size_kib() {
    find "$1" -path "$1/DEBIAN" -prune -o \( -type f -printf 'f %s\n' \) -o -printf 'o 0\n' |
        awk '$1 == "f" { kib += int(($2 + 1023) / 1024) } $1 == "o" { kib += 1 } END { print kib }'
}
