"""base: what every stage shares.

Input: nothing. Output: `Source` (text with positions), `Diagnostic` and the
`SwrulesError` family, the message catalogue (`messages`), the words for people in
both languages (`words`: tables and `Say`), the one formatter of values used by every
output (`show`: `show`, `join`, `aside`, `colon`, ...), the values rules compute with
(`values`: `Unknown`, the decimal context, rounding modes, builtins) and the version.
Imports nothing of swrules; every other package may import it.
"""
