"""The compiled-policy snapshot: a loaded `Policy` kept on disk between runs.

Input: a policy path; after a full load, the `Policy` and every file that load read
(the policy and the bases it extends). Output: on a later run, the same `Policy` (its
checked IR, syntax tree, warnings, evaluation plan and fact reader with their generated
code, and the per-policy tables), without parsing, checking or generating code: a warm
`swrules eval` imports no Lark, no parser or checker and no pydantic.

Guarantee: a snapshot is used only if it was written by the same swrules version
under the same Python, from swrules' code as it is now (the size and modification time
of each of its source files and of the grammar), for the same path, and every file
the load read still holds the same text (each is read and hashed once, the policy's
own before the snapshot is opened). Anything else, and any problem reading the file
(damaged, cut short, written by something else), means loading the policy again;
a snapshot is never trusted beyond these checks. It is a pickle, written by swrules
itself, atomically (a temporary file renamed into place), in the user's own cache
folder (`base.cachedir`: nobody else can write there), never in a shared one; the
generated functions are kept as their code objects (`marshal`) with the values their
generated names stand for. `SWRULES_AST_CACHE=0` turns it off, with the parse cache.

The file: the key, the sha256 of the last part, then three pickles made by one pickler (so
the last shares the policy's nodes): the bases' hashes, the policy without its syntax tree,
and the syntax tree, which only the tools read (`diff`, impact): it is unpickled when first
asked for (`Later`), and a damaged last part makes the whole snapshot ignored at once.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import marshal
import os
import pickle
import sys
import threading
import types
from pathlib import Path
from typing import Any, TypeVar

from swrules.base.cachedir import enabled, private_cache_folder
from swrules.base.source import Source
from swrules.base.version import __version__

_T = TypeVar("_T")
MAGIC = b"swrules compiled policy 2\n"  # 2: the syntax tree after the policy, read when asked for
DIGEST = 32  # the sha256 of what follows the policy, before the pickles
KEEP = 64
_GENERATED = "<swrules "  # the file name `compile.kit` gives generated code
_PACKAGE = Path(__file__).resolve().parents[1]
_LOCK = type(threading.Lock())


def _code_stamp() -> bytes:
    """swrules' code as it is now: each source file's path, size and modification time,
    and the grammar's (as `syntax.grammar` finds it: in the package, else in the checkout)."""
    parts = [sys.version, __version__, MAGIC.decode()]
    folders = [str(_PACKAGE)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for e in sorted(entries, key=lambda e: e.name):
                if e.is_dir(follow_symlinks=False) and e.name != "__pycache__":
                    folders.append(e.path)
                elif e.name.endswith(".py"):
                    st = e.stat()
                    parts.append(f"{e.path}\0{st.st_size}\0{st.st_mtime_ns}")
    for grammar in (_PACKAGE / "swrules.lark", _PACKAGE.parents[1] / "grammar" / "swrules.lark"):
        try:
            st = grammar.stat()
        except OSError:
            continue
        parts.append(f"{grammar}\0{st.st_size}\0{st.st_mtime_ns}")
        break
    # One string hashed once: a hash update and an encoding per file cost a third of the stamp.
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).digest()


def _text_hash(source: Source) -> bytes:
    return hashlib.sha256(source.text.encode("utf-8", "surrogatepass")).digest()


def _where(path: Path) -> tuple[Path, bytes, Source] | None:
    """The snapshot file for `path`, the key it must start with, and the policy's source as read now."""
    folder = private_cache_folder() if enabled() else None
    if folder is None:
        return None
    try:
        source = Source.read(path)
        absolute = os.path.abspath(path)
    except (OSError, ValueError):  # unreadable, not UTF-8, a NUL in the path: the full load reports it
        return None
    h = hashlib.sha256(_code_stamp())
    h.update(str(path).encode("utf-8", "surrogatepass") + b"\0" + absolute.encode("utf-8", "surrogatepass") + b"\0")
    h.update(_text_hash(source))
    name = hashlib.sha256(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return folder / f"policy-{name}.snapshot", MAGIC + h.digest(), source


# ------------------------------------------------------------ writing and reading the pickle
def _function(code: bytes, namespace: dict[str, Any], name: str) -> types.FunctionType:
    fn = types.FunctionType(marshal.loads(code), namespace, name)
    namespace[name] = fn
    return fn


def _local(code: bytes, module: str, qualname: str, defaults: tuple[Any, ...] | None,
           kwdefaults: dict[str, Any] | None, cells: tuple[Any, ...]) -> types.FunctionType:
    compiled = marshal.loads(code)
    fn = types.FunctionType(compiled, vars(_module(module)), compiled.co_name, defaults,
                            tuple(types.CellType(c) for c in cells))
    fn.__kwdefaults__, fn.__qualname__ = kwdefaults, qualname
    return fn


def _proxy(table: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(table)


def _global(module: str, name: str) -> Any:
    return getattr(_module(module), name)


def _module(name: str) -> types.ModuleType:
    """The module, from `sys.modules` when it is there (a snapshot names a few modules some
    three hundred times: `import_module` costs more than the lookup), else imported."""
    return sys.modules.get(name) or importlib.import_module(name)


# What a module of swrules may hold that is not its own: the language's objects (types, functions,
# numbers, text), Python's methods and descriptors (`dict.copy` kept for speed), and the empty tuple
# and frozenset Python makes once. Named by the module that holds it, such an object would make
# unpickling import that module, and every one of its uses in the snapshot would be a name.
_NOT_OWN = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType, types.MethodDescriptorType,
            types.WrapperDescriptorType, types.MethodWrapperType, types.ClassMethodDescriptorType,
            types.GetSetDescriptorType, types.MemberDescriptorType, str, int, float, bool, bytes, type(None))


def _shared(value: Any) -> bool:
    """Whether a module-level value is one of Python's (`_NOT_OWN`), not one of swrules' own objects."""
    return isinstance(value, _NOT_OWN) or (type(value) in (tuple, frozenset) and not value)


class _Pickler(pickle.Pickler):
    """Generated functions as code objects and their namespace; swrules' own module-level
    objects (the markers generated code compares with `is`) by name, never copied."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.named: dict[int, tuple[str, str]] = {}
        self.namespaces: dict[int, dict[str, Any]] = {}
        for module_name, module in list(sys.modules.items()):
            if module_name.startswith("swrules.") and module is not None:
                for name, value in vars(module).items():
                    if not name.startswith("__") and not _shared(value):
                        self.named.setdefault(id(value), (module_name, name))

    def persistent_id(self, obj: Any) -> Any:
        return self.named.get(id(obj))

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is types.FunctionType and obj.__code__.co_filename.startswith(_GENERATED):
            if obj.__closure__ or obj.__defaults__ or obj.__kwdefaults__:
                raise pickle.PicklingError("a generated function with a closure or defaults")
            namespace = self.namespaces.get(id(obj.__globals__))
            if namespace is None:  # without the generated functions, which refer back to it
                namespace = {k: v for k, v in obj.__globals__.items()
                             if not (type(v) is types.FunctionType and v.__code__.co_filename.startswith(_GENERATED))}
                self.namespaces[id(obj.__globals__)] = namespace
            return _function, (marshal.dumps(obj.__code__), namespace, obj.__name__)
        if type(obj) is types.FunctionType and "<locals>" in obj.__qualname__ and obj.__module__.startswith("swrules."):
            # A function made by a function (a fact validator for one declaration): its code, and what it closes over.
            cells = tuple(c.cell_contents for c in obj.__closure__ or ())
            return _local, (marshal.dumps(obj.__code__), obj.__module__, obj.__qualname__, obj.__defaults__,
                            obj.__kwdefaults__, cells)
        if type(obj) is _LOCK:
            return threading.Lock, ()
        if type(obj) is types.MappingProxyType:  # the IR's read-only tables
            return _proxy, (dict(obj),)
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        module, name = pid
        if not (isinstance(module, str) and module.startswith("swrules.") and isinstance(name, str)):
            raise pickle.UnpicklingError("not one of swrules' own objects")
        return _global(module, name)


class Later:
    """What a snapshot keeps after the policy (its syntax tree): unpickled on the first call,
    with the same unpickler, so that it shares the policy's nodes (spans, sources) as it did
    when it was stored. Its bytes were checked against their hash when the policy was read."""

    def __init__(self, unpickler: pickle.Unpickler) -> None:
        self._unpickler: pickle.Unpickler | None = unpickler
        self._lock = threading.Lock()
        self._value: Any = None

    def __call__(self) -> Any:
        with self._lock:
            if self._unpickler is not None:
                self._value, self._unpickler = self._unpickler.load(), None
            return self._value


def load(path: Path, kind: type[_T]) -> tuple[_T, Later] | None:
    """The policy (a `kind`, `engine.policy.Policy`) loaded earlier from exactly these files by this
    code, and what was stored after it, read when asked for; or None."""
    where = _where(path)
    if where is None:
        return None
    file, key, _ = where
    try:
        with open(file, "rb") as fh:
            data = fh.read()
        if not data.startswith(key):
            return None
        later_hash = data[len(key):len(key) + DIGEST]
        stream = io.BytesIO(data)
        stream.seek(len(key) + DIGEST)
        unpickler = _Unpickler(stream)
        others = unpickler.load()
        for name, digest in others:  # the bases: each still as it was
            if _text_hash(Source.read(name)) != digest:
                return None
        policy = unpickler.load()
        if hashlib.sha256(memoryview(data)[stream.tell():]).digest() != later_hash:
            return None  # the part read later is damaged: better load the policy again now
    except Exception:  # no file, unreadable, damaged, cut short, foreign: load the policy again
        return None
    return (policy, Later(unpickler)) if type(policy) is kind else None


def store(path: Path, read: list[Source], policy: object, later: object) -> None:
    """Keep a policy loaded from `read` (the policy's file first) for the next run, and after it
    `later` (its syntax tree), which a run reads only if it asks for it; never fails."""
    where = _where(path) if read else None
    if where is None:
        return
    file, key, source = where
    if source.text != read[0].text:  # changed while it was loaded: keep nothing
        return
    try:
        buffer = io.BytesIO()
        pickler = _Pickler(buffer)  # one pickler: `later` refers to the policy's own nodes
        pickler.dump([(s.name, _text_hash(s)) for s in read[1:]])
        pickler.dump(policy)
        cut = buffer.tell()
        pickler.dump(later)
        data = buffer.getvalue()
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".snapshot-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(key)
                fh.write(hashlib.sha256(memoryview(data)[cut:]).digest())
                fh.write(data)
            os.replace(tmp, file)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(file.parent)
    except Exception:  # something the snapshot cannot hold, a read-only home, a full disk: an optimisation only
        return


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("policy-*.snapshot"), key=lambda p: p.stat().st_mtime)
    for old in files[:-KEEP]:
        old.unlink(missing_ok=True)
