"""One regular expression for many words, built as a trie: the longest word matches, and the engine
walks the shared prefixes once instead of trying a thousand alternatives one by one."""

from __future__ import annotations

import re


def alternation(words: list[str] | set[str]) -> str:
    """A pattern matching any of ``words`` (the longest one where several start at the same place)."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)
