"""The checked intermediate form (IR): what `check` produces and every later stage reads.

Input: built once by `check` from a syntax tree. Output: typed expressions (`expr`),
typed declarations (`decl`), types (`types`) and the checked policy with its facts
and rules (`policy`), all frozen. Later stages import this package, never
`swrules.syntax`.
"""

from .decl import (
    Band,
    ByDate,
    ByPhase,
    Clause,
    DatedValue,
    Define,
    FactField,
    FactKind,
    FactSection,
    Finding,
    Grades,
    Header,
    Indicator,
    Item,
    Param,
    Party,
    PhaseDecl,
    Phases,
    PhaseValue,
    ReconcileLine,
    RecordsField,
    Regulation,
    Require,
    Rounding,
    RuleDecl,
    ShareKind,
    Sheet,
    TotalDecl,
    UnitSpec,
    Veto,
)
from .expr import (
    Binary,
    Binding,
    BindingKind,
    BinOp,
    Bool,
    Call,
    CmpOp,
    Compare,
    Cond,
    DateLit,
    Expr,
    Logical,
    LogicOp,
    Neg,
    Not,
    Number,
    Ref,
    String,
)
from .policy import CheckedPolicy, FactInfo, Rule, RuleKind
from .types import (
    BOOL,
    DATE,
    ERROR,
    GRADE,
    MODE,
    NUMBER,
    PERCENT,
    PHASE,
    RECORDS,
    TEXT,
    Base,
    Ty,
    type_words,
)

__all__ = [
    "BOOL", "DATE", "ERROR", "GRADE", "MODE", "NUMBER", "PERCENT", "PHASE", "RECORDS", "TEXT",
    "Band", "Base", "BinOp", "Binary", "Binding", "BindingKind", "Bool", "ByDate", "ByPhase", "Call",
    "CheckedPolicy", "Clause", "CmpOp", "Compare", "Cond", "DateLit", "DatedValue", "Define", "Expr",
    "FactField", "FactInfo", "FactKind", "FactSection", "Finding", "Grades", "Header", "Indicator", "Item", "UnitSpec",
    "LogicOp", "Logical", "Neg", "Not", "Number", "Param", "Party", "PhaseDecl", "PhaseValue", "Phases",
    "ReconcileLine", "RecordsField", "Ref", "Regulation", "Require", "Rounding", "Rule", "RuleDecl", "RuleKind",
    "ShareKind", "Sheet", "String", "TotalDecl", "Ty", "Veto", "type_words",
]
