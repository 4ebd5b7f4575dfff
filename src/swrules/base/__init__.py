"""base: what every stage shares.

Input: nothing. Output: `Source` (text with positions), `Diagnostic` and the
`SwrulesError` family, the message catalogue (`messages`), words for people and the
formatting of values (`words`), the values rules compute with (`values`: `Unknown`,
the decimal context, rounding modes, builtins) and the version. Imports nothing of
swrules; every other package may import it.
"""
