"""explanation: results to explanations people read.

Input: a `Result` evaluated with `explain=True` (it carries a `Trace`). Output: an
`Explanation` built by `build.explain(result)`, public as `swrules.explain` (a model
of sentences, formulas, facts read and clauses for every rule, `model`), with the
words for a policy's nodes (`names`), each rule's plan worked out once per policy
(`plans`: what its explanation takes from the policy alone; `build` fills a station's
values in), the trace read through a plan worked out once per node (`reading`; an
indicator's records by a plan per shape of record, `records`, and their dicts by
`record_dicts`; an item's, a party's or the total's by `sums`, their dicts written
straight from the trace by `sum_dicts` until the model is read), the
distances to other outcomes (`margins`), the sentences (`sentences`) and the
plain-text rendering (`text`). The engine never calls this stage: a caller asks for an
explanation. May import `engine` and everything below it.
"""
