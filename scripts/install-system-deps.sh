#!/usr/bin/env bash
# Install the Debian packages evalkit can use, when missing: chromium (browser
# tests of the HTML report), apertium (offline pseudo-reference MT) and wfrench
# (French word list: hyphenated compounds in PDF-text repair), FreeDict fra-eng /
# eng-fra and deu/spa/ita/por-eng (bilingual dictionaries for omission checks; read in place, GPL,
# not copied), apertium-spa-ita with cg3 and apertium-es-pt (Italian and Portuguese pseudo-references),
# wordnet-base (English opposites for the antonym check, the noun hierarchy for the hypernym check).
# Without root and without sudo, say what is missing and go on: the tests that
# need them are skipped with that reason; everything else works.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v apertium >/dev/null 2>&1 || need+=(apertium apertium-fr-es apertium-eng-spa)
[ -e /usr/share/dict/french ] || need+=(wfrench)
[ -e /usr/share/dictd/freedict-fra-eng.index ] || need+=(dict-freedict-fra-eng)
[ -e /usr/share/dictd/freedict-eng-fra.index ] || need+=(dict-freedict-eng-fra)
# German, Spanish, Italian, Portuguese -> English: dictionaries and Apertium routes (docs/languages.md)
for d in deu-eng spa-eng ita-eng por-eng; do
  [ -e /usr/share/dictd/freedict-$d.index ] || need+=(dict-freedict-$d)
done
[ -d /usr/share/apertium/apertium-spa-ita ] || need+=(apertium-spa-ita)
# its ita-spa mode calls cg-proc, which the package does not pull in: without it every Italian
# rendering comes back empty (evalkit doctor names a mode that cannot run)
command -v cg-proc >/dev/null 2>&1 || need+=(cg3)
[ -d /usr/share/apertium/apertium-es-pt ] || need+=(apertium-es-pt)
# WordNet 3.0: antonym relations beyond evalkit's own list, and the noun hierarchy (flag/wordnet.py)
[ -e /usr/share/wordnet/data.adj ] && [ -e /usr/share/wordnet/data.noun ] || need+=(wordnet-base)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "evalkit: cannot install ${need[*]} (not root, no sudo); tests that need them will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "evalkit: apt-get could not install ${need[*]}; tests that need them will be skipped" >&2
exit 0
