#!/usr/bin/env bash
# No key or certificate ever enters a Docker build context: .dockerignore keeps out, in every
# folder, what .gitignore keeps out of git. For each .gitignore pattern this plants a file in new
# folders of its own (at the top, inside a module, inside the broker's folder), exports the two
# build contexts the project uses (`.` for the Java images, `mosquitto/` for the broker) as Docker
# sees them, and fails if a planted file, or any key, certificate or keystore, is in one. The
# export is a throwaway build (FROM scratch, COPY . /, --output type=local): nothing is pulled, run
# or tagged. Removes what it planted. Exits non-zero on the first failure, saying what failed.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { printf 'BUILD CONTEXT CHECK FAILED: %s\n' "$*" >&2; exit 1; }

tag="planted-$$"
work=$(mktemp -d)
# The planted folders are new (their names carry this run's pid): removing them removes only ours.
bases=("$tag" "publisher/$tag" "mosquitto/$tag")
cleanup() { rm -rf "$work"; for base in "${bases[@]}"; do rm -rf "$base"; done; rm -f "$tag".*; }
trap cleanup EXIT

planted=()
plant() {
  mkdir -p "$(dirname "$1")"
  printf 'planted by scripts/build-context-check.sh: must never be in a build context\n' >"$1"
  git check-ignore -q "$1" || fail "$1 was planted for a .gitignore pattern, but git does not ignore it"
  planted+=("$1")
}

# Each .gitignore pattern, as a file or folder of that name, in each planted folder; patterns with
# a wildcard also at the top (a fixed name there could be the user's own file).
patterns=0
while read -r pattern; do
  [[ -z $pattern || $pattern == \#* ]] && continue
  patterns=$((patterns + 1))
  name=${pattern//\*/$tag}
  for base in "${bases[@]}"; do
    if [[ $name == */ ]]; then plant "$base/$name$tag.bin"; else plant "$base/$name"; fi
  done
  if [[ $pattern == \** && $name != */ ]]; then plant "$name"; fi
done <.gitignore
(( patterns >= 10 )) || fail "read only $patterns patterns from .gitignore"
echo "planted ${#planted[@]} files for $patterns .gitignore patterns"

# export_context DIR OUT: the files Docker sends from build context DIR, into OUT.
export_context() {
  printf 'FROM scratch\nCOPY . /\n' | DOCKER_BUILDKIT=1 docker build -q --output "type=local,dest=$2" -f - "$1" >/dev/null \
    || fail "could not export the build context $1"
}

check_context() {
  local context=$1 expected=$2 out="$work/$(basename "$(realpath "$1")")" file rel leaked
  export_context "$context" "$out"
  # The control: the export really holds the context, so an absent file means an excluded one.
  [[ -f $out/$expected ]] || fail "the export of $context lacks $expected: the check would prove nothing"
  for file in "${planted[@]}"; do
    rel=${file#"$context"/}
    [[ $context == . ]] && rel=$file
    [[ $rel == "$file" && $context != . ]] && continue # not under this context
    [[ ! -e $out/$rel ]] || fail "$file is in the build context $context: add its .gitignore pattern to the context's .dockerignore"
  done
  leaked=$(cd "$out" && find . \( -name '*.key' -o -name '*.crt' -o -name '*.pem' -o -name '*.csr' -o -name '*.p12' \
    -o -name '*.pfx' -o -name '*.jks' -o -name '*.p12.pass' -o -path '*/private/*' -o -path '*/revoked/*' \) -print)
  [[ -z $leaked ]] || fail "keys or certificates in the build context $context: $leaked"
  echo "build context $context: $(cd "$out" && find . -type f | wc -l) files, no planted file, no key or certificate"
}

check_context . pom.xml
check_context mosquitto mosquitto.conf
echo "build context check: passed"
