#!/usr/bin/env python3
"""Lists Swift functions, initialisers, accessors and closures longer than a limit.

The house rule: a function is at most about 80 lines, or says why it must be longer.
A body counts from the line of its declaration (or of the closure's opening brace) to
the line of its closing brace. A long body is accepted when a comment starting
`long-function:` (the reason follows) sits on the declaration's line, on the comment
lines just above it, or on the first line inside the body.

    scripts/long-functions.py [--limit N] [--check] [--pending FILE] [PATH ...]
                                                               (default: Sources)

Prints one line per long body, `path:line: kind name: N lines [reason]`, longest
first. With --check, exits 1 when a long body gives no reason (for `make lint`).
Nothing is skipped: every .swift file under the paths is read. `--pending FILE` lists
bodies being split elsewhere (lines `path name  note`): they are still printed, marked
pending, and do not fail --check; an entry that no longer matches is reported.
"""

import argparse
import os
import re
import sys

MARK = "long-function:"


RAW_QUOTE = re.compile(r'#+"')


def starts_string(text, i):
    """Whether a string literal (a quote, three quotes, or a raw #-quote) opens at index i."""
    return text[i] == '"' or (text[i] == "#" and RAW_QUOTE.match(text, i) is not None)


def strip_code(text):
    """The text with comments, strings and their contents blanked (newlines kept), and
    the comments collected by line, so braces can be matched on code alone."""
    out = []
    comments = {}
    i, n, line = 0, len(text), 1
    def add_comment(ln, s):
        comments.setdefault(ln, []).append(s)

    def skip_string(i, line):
        """From an opening quote run at i (after any #s), returns (index after the
        closing delimiter, line, blanked text). Handles raw (#), multi-line and
        interpolated strings (interpolations are recursed into as code)."""
        hashes = 0
        j = i
        while j < n and text[j] == "#":
            hashes += 1
            j += 1
        multi = text.startswith('"""', j)
        q = '"""' if multi else '"'
        close = q + "#" * hashes
        j += len(q)
        buf = ['"'] + [" "] * (j - i - 1)
        esc = "\\" + "#" * hashes
        while j < n:
            if text.startswith(close, j):
                buf.append('"' + " " * (len(close) - 1))
                return j + len(close), line, "".join(buf)
            if text.startswith(esc + "(", j):
                # Interpolation: code until the matching parenthesis.
                k = j + len(esc) + 1
                depth = 1
                inner = []
                while k < n and depth > 0:
                    c = text[k]
                    if starts_string(text, k):
                        k, line, blank = skip_string(k, line)
                        inner.append(blank)
                        continue
                    if c == "(":
                        depth += 1
                    elif c == ")":
                        depth -= 1
                    if c == "\n":
                        line += 1
                    inner.append(c if c in "\n" else " ")
                    k += 1
                buf.append(" " * (len(esc) + 1) + "".join(inner))
                j = k
                continue
            if text.startswith(esc, j) and hashes == 0:
                buf.append("  ")
                if j + 1 < n and text[j + 1] == "\n":
                    line += 1
                    buf[-1] = " \n"
                j += 2
                continue
            c = text[j]
            if c == "\n":
                line += 1
                if not multi:
                    # Unterminated single-line string: stop at the line end.
                    buf.append("\n")
                    return j + 1, line, "".join(buf)
            buf.append("\n" if c == "\n" else " ")
            j += 1
        return j, line, "".join(buf)

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            add_comment(line, text[i:j])
            out.append(" " * (j - i))
            i = j
            continue
        if text.startswith("/*", i):
            depth, j = 1, i + 2
            start_line = line
            while j < n and depth > 0:
                if text.startswith("/*", j):
                    depth += 1
                    j += 2
                elif text.startswith("*/", j):
                    depth -= 1
                    j += 2
                else:
                    if text[j] == "\n":
                        line += 1
                    j += 1
            chunk = text[i:j]
            add_comment(start_line, chunk)
            out.append("".join("\n" if ch == "\n" else " " for ch in chunk))
            i = j
            continue
        if starts_string(text, i):
            i, line, blank = skip_string(i, line)
            out.append(blank)
            continue
        if c == "\n":
            line += 1
        out.append(c)
        i += 1
    return "".join(out), comments


KEYWORD = re.compile(
    r"(?<![.\w])(struct|class|enum|extension|protocol|actor|func|init|deinit|subscript|var|let"
    r"|get|set|willSet|didSet|_read|_modify|if|guard|while|for|switch|else|do|catch|repeat|defer)(?![\w])"
)
TYPES = {"struct", "class", "enum", "extension", "protocol", "actor"}
CONTROL_FLOW = {"if", "guard", "while", "for", "switch", "else", "do", "catch", "repeat", "defer"}
ACCESSORS = {"get", "set", "willSet", "didSet", "_read", "_modify"}


def classify(code, brace):
    """What the `{` at index `brace` opens: (kind, name), or None for a type body or
    control flow. Decided by the last keyword of the statement before the brace that is
    outside parentheses; with none, the brace opens a closure (`x.map {`, `f(a) {`)."""
    depth = 0
    j = brace - 1
    while j >= 0:
        ch = code[j]
        if ch in ")]":
            depth += 1
        elif ch in "([":
            if depth == 0:
                return ("closure", "", brace)  # a closure passed inside an argument list
            depth -= 1
        elif depth == 0 and ch in "{};":
            break
        j -= 1
    header = code[j + 1:brace]
    # Keywords at parenthesis depth 0 of the header; a function's name is not a keyword.
    masked = re.sub(r"\bfunc\s+[^\s(<]+", "func", header)
    flat = []
    depth = 0
    for ch in masked:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        flat.append(ch if depth == 0 and ch not in ")]" else " ")
    top = "".join(flat)
    keywords = list(KEYWORD.finditer(top))
    if not keywords:
        return ("closure", "", brace)
    last = keywords[-1]
    word = last.group(1)
    at = j + 1 + last.start()
    if word in TYPES:
        return None
    if word in CONTROL_FLOW:
        return None
    if word in ACCESSORS:
        return ("accessor", word, at)
    if word == "func":
        name = re.search(r"\bfunc\s+([^\s(<]+)", header)
        return ("func", name.group(1) if name else "?", at)
    if word in ("init", "deinit", "subscript"):
        return (word, "", at)
    # var / let: a computed property, or a closure assigned (`let f = {`, `var x = a.map {`).
    rest = top[last.end():]
    name = re.match(r"\s*([A-Za-z_]\w*)", rest)
    if "=" in rest:
        return ("closure", "", brace)
    return ("property", name.group(1) if name else "?", at)


def scan(path, limit):
    text = open(path, encoding="utf-8", errors="replace").read()
    code, comments = strip_code(text)
    code_lines = code.split("\n")
    stack = []
    found = []
    line = 1
    for idx, ch in enumerate(code):
        if ch == "\n":
            line += 1
        elif ch == "{":
            stack.append((idx, line, classify(code, idx)))
        elif ch == "}":
            if not stack:
                continue
            open_idx, open_line, what = stack.pop()
            if what is None:
                continue
            kind, name, at = what
            decl_line = code.count("\n", 0, at) + 1
            length = line - decl_line + 1
            if length > limit:
                found.append((path, decl_line, kind, name, length, reason(comments, code_lines, decl_line, open_line)))
    return found


def reason(comments, code_lines, decl_line, open_line):
    """The `long-function:` reason near a declaration, if any."""
    candidates = list(range(decl_line, open_line + 2))
    k = decl_line - 1
    while k in comments:
        candidates.append(k)
        k -= 1
    for ln in candidates:
        for c in comments.get(ln, []):
            i = c.find(MARK)
            if i >= 0:
                return c[i + len(MARK):].strip() or "(no reason given)"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", default=["Sources"])
    ap.add_argument("--limit", type=int, default=80)
    ap.add_argument("--check", action="store_true", help="exit 1 when a long body gives no reason")
    ap.add_argument("--pending", help="file of long bodies being split elsewhere: path name  note")
    args = ap.parse_args()
    pending = {}
    if args.pending:
        for raw in open(args.pending, encoding="utf-8"):
            parts = raw.strip().split(None, 2)
            if len(parts) >= 2 and not parts[0].startswith("#"):
                pending[(parts[0], parts[1])] = parts[2] if len(parts) > 2 else "pending"
    found = []
    for p in args.paths:
        if os.path.isfile(p):
            found += scan(p, args.limit)
            continue
        for root, dirs, files in os.walk(p):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(".swift"):
                    found += scan(os.path.join(root, f), args.limit)
    found.sort(key=lambda f: (-f[4], f[0], f[1]))
    unexplained = 0
    matched = set()
    for path, ln, kind, name, length, why in found:
        label = f"{kind} {name}".strip()
        key = (os.path.normpath(path), name or kind)
        if why:
            print(f"{path}:{ln}: {label}: {length} lines (long-function: {why})")
        elif key in pending:
            matched.add(key)
            print(f"{path}:{ln}: {label}: {length} lines (pending: {pending[key]})")
        else:
            unexplained += 1
            print(f"{path}:{ln}: {label}: {length} lines")
    for key in sorted(set(pending) - matched):
        print(f"long-functions: pending entry {key[0]} {key[1]} matches no long body; remove it", file=sys.stderr)
    if args.check and unexplained:
        print(f"long-functions: {unexplained} bod{'y' if unexplained == 1 else 'ies'} over {args.limit} lines "
              f"without a `// {MARK} reason` comment", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
