#!/usr/bin/env python3
"""Lists every English sentence Candor says, one JSON string a line: the {{#t}} sections of the page
templates, and the Swift string literals said to people — passed to `say(` or `Words(`, or as the message of
a refusal (`message:`, `.forbidden(`, `.notFound(`, `APIError(`, `.badRequest(`, `.conflict(`, `asking:`,
`why:`). An interpolation `\\(…)` becomes a numbered placeholder `{{1}}`, `{{2}}`…, and literals joined by `+`
are one sentence, numbered on, as `Words` does. The catalogue (Sources/CandorCore/Resources/chinese.toml)
must translate each: Tests/Browser/test_words.py checks it; `Scripts/words.py --missing` lists the gaps and
`--unused` the entries no sentence needs."""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTION = re.compile(r'\{\{#t\}\}(.*?)\{\{/t\}\}', re.S)
OPENERS = re.compile(
    r'(?:\bsay\(|\bWords\(|\.forbidden\(|\.notFound\(|\bAPIError\(\s*\.\w+,\s*"[^"]*",|\.badRequest\(\s*"[^"]*",'
    r'|\.conflict\(\s*"[^"]*",|\.(?:conflict|tooLarge)\(\s*code:\s*"[^"]*",\s*message:'
    r'|\.invalid\(\s*code:\s*"[^"]*",\s*field:\s*[^,]+,\s*message:|\basking:|\bwhy:'
    r'|\.notAllowed\(|\.tooEarly\(|\.conflict\((?=\s*")|\.invalid\(\s*field:\s*"[^"]*",|\.dateBefore\('
    r'|return \(\s*"[a-z_]+",|\(\s*"agency",)\s*')
# The bodies of `var words: Words` (a refusal's reason in words): every literal they return or give a case.
WORDS_BODY = re.compile(r'var words: Words \{(.*?)\n    \}\n', re.S)
IN_BODY = re.compile(r'(?:return\s+|:\s+|\?\s+)(?=")')
# Sentences said through a variable: page titles, the purposes of keys, and the values of enumerations.
NAMED = [
    "Home", "Policy", "Statistics", "Agency board", "Sign in", "My rating", "Counter", "Agency desk", "Appeals",
    "Policy simulation", "Attestation", "Activate", "Audit",
    "agency", "provider", "subject", "auditor", "reviewer",
    "counting", "fulfilled", "expired", "retracted", "suspended", "repaired", "pending", "unknown-kind",
    "upheld", "overturned", "confirmed", "granted", "refused", "error", "identity-theft",
    "medical", "funeral", "exam", "official", "other", "created", "unchanged", "updated",
    "legal representative", "principal", "directly responsible person", "actual controller", "officer",
    "ALLOWED", "DENIED", "valid", "revoked", "superseded", "invalid", "person", "organization",
    "an agency key", "a provider key", "a subject key", "an auditor key", "a reviewer key",
    "the attestation's time is over", "the subject's tier or lists changed since it was issued",
]


def read_literal(text, start):
    """The sentence of the Swift string literal opening at `start` (a quote), and where it ends; `None` for
    a multi-line or raw literal."""
    if text.startswith('"""', start) or text[start] != '"':
        return None, start
    out, index, count = [], start + 1, 0
    while index < len(text):
        char = text[index]
        if char == '"':
            return "".join(out), index + 1
        if char == "\n":
            return None, index
        if char == "\\":
            following = text[index + 1]
            if following == "(":
                depth, index = 1, index + 2
                while depth and index < len(text):
                    if text[index] == '"':
                        _, index = read_literal(text, index)
                        continue
                    depth += {"(": 1, ")": -1}.get(text[index], 0)
                    index += 1
                count += 1
                out.append("{{%d}}" % count)
                continue
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(following, following))
            index += 2
            continue
        out.append(char)
        index += 1
    return None, index


def renumber(sentence, offset):
    return re.sub(r'\{\{(\d+)\}\}', lambda m: "{{%d}}" % (int(m.group(1)) + offset), sentence)


def sentence_at(text, index):
    """The literals from `index`, joined by `+`, as one sentence."""
    parts, offset = [], 0
    while True:
        while index < len(text) and text[index] in " \n":
            index += 1
        literal, end = read_literal(text, index)
        if literal is None:
            return "".join(parts) if parts else None
        parts.append(renumber(literal, offset))
        offset += len(re.findall(r'\{\{\d+\}\}', literal))
        index = end
        rest = re.match(r'\s*\+\s*', text[index:])
        if not rest:
            return "".join(parts)
        index += rest.end()


def sentences():
    found = set(NAMED)
    found = _collect(found)
    # A sentence that is only placeholders is nothing to translate.
    return sorted(sentence for sentence in found if re.sub(r'\{\{\w+\}\}', '', sentence).strip())


def _collect(found):
    for folder, _, files in os.walk(os.path.join(ROOT, "Sources")):
        for name in files:
            path = os.path.join(folder, name)
            text = open(path, encoding="utf-8").read()
            if name.endswith(".mustache"):
                found.update(SECTION.findall(text))
            elif name.endswith(".swift"):
                for match in OPENERS.finditer(text):
                    sentence = sentence_at(text, match.end())
                    if sentence:
                        found.add(sentence)
                for body in WORDS_BODY.finditer(text):
                    for match in IN_BODY.finditer(body.group(1)):
                        sentence = sentence_at(body.group(1), match.end())
                        if sentence:
                            found.add(sentence)
                for match in re.finditer(r'static let \w+Purpose = ', text):
                    sentence = sentence_at(text, match.end())
                    if sentence:
                        found.add(sentence)
    return found


def catalogue():
    import tomllib
    with open(os.path.join(ROOT, "Sources/CandorCore/Resources/chinese.toml"), "rb") as handle:
        return tomllib.load(handle)["zh"]


if __name__ == "__main__":
    if "--unused" in sys.argv:  # catalogue entries no sentence needs any more
        said = set(sentences())
        for sentence in sorted(set(catalogue()) - said):
            sys.stdout.write(json.dumps(sentence, ensure_ascii=False) + "\n")
        sys.exit(0)
    known = catalogue() if "--missing" in sys.argv else {}
    for sentence in sentences():
        if sentence not in known:
            sys.stdout.write(json.dumps(sentence, ensure_ascii=False) + "\n")
