#!/usr/bin/env python3
"""Checks every link of the repository's Markdown files: relative links must name an existing file (and, with
#anchor, a heading of that file, GitHub's slug rules); links must not leave the repository. Absolute URLs are listed."""
import os, re, subprocess, sys, unicodedata

root = subprocess.check_output(['git', 'rev-parse', '--show-toplevel'], text=True).strip()
files = subprocess.check_output(['git', 'ls-files', '--cached', '--others', '--exclude-standard', '*.md'],
                                cwd=root, text=True).split()
LINK = re.compile(r'!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
AUTO = re.compile(r'<(https?://[^>]+)>')
REFDEF = re.compile(r'^\s*\[[^\]]+\]:\s*(\S+)', re.M)

def slug(heading):
    h = re.sub(r'<[^>]+>', '', heading).strip().lower()
    h = ''.join(c for c in h if c.isalnum() or c in ' -_')
    return h.replace(' ', '-')

def anchors(path):
    out, seen = set(), {}
    in_code = False
    for line in open(path, encoding='utf-8'):
        if line.lstrip().startswith('```'):
            in_code = not in_code
            continue
        m = None if in_code else re.match(r'^(#{1,6})\s+(.*?)\s*#*\s*$', line)
        if m:
            s = slug(m.group(2))
            n = seen.get(s, 0)
            seen[s] = n + 1
            out.add(s if n == 0 else f'{s}-{n}')
    return out

def strip_code(text):
    text = re.sub(r'```.*?```', '', text, flags=re.S)
    return re.sub(r'`[^`\n]*`', '', text)

bad, external, checked = [], set(), 0
for f in files:
    path = os.path.join(root, f)
    text = strip_code(open(path, encoding='utf-8').read())
    targets = LINK.findall(text) + REFDEF.findall(text)
    external.update(AUTO.findall(text))
    for t in targets:
        checked += 1
        if re.match(r'^[a-z][a-z0-9+.-]*:', t, re.I):
            external.add(t)
            continue
        target, _, anchor = t.partition('#')
        dest = os.path.normpath(os.path.join(os.path.dirname(path), target)) if target else path
        if not (dest == root or dest.startswith(root + os.sep)):
            bad.append(f'{f}: {t} leaves the repository')
        elif not os.path.exists(dest):
            bad.append(f'{f}: {t} does not exist')
        elif anchor and dest.endswith('.md') and anchor not in anchors(dest):
            bad.append(f'{f}: {t} names no heading of {os.path.relpath(dest, root)}')
print(f'{len(files)} Markdown files, {checked} links checked')
for u in sorted(external):
    print(f'external: {u}')
for b in bad:
    print(f'BROKEN: {b}')
sys.exit(1 if bad else 0)
