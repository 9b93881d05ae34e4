"""Subject templates: one line of Jinja2 in a sandbox that can only print short text, quickly.

A template comes from an audience file, which a user may have been sent. Jinja2's own sandbox stops
attribute tricks but not work or memory: ``{{ 'x' * 10**10 }}`` or ``{{ 10**(10**10) }}`` (which
Jinja even tries to fold at compile time) exhausts memory or never ends, ``lipsum`` and ``range``
are there, and ``{{ title.upper }}`` prints an object's repr. Here:

* the names are the documented ones only (``SUBJECT_NAMES``); no globals (lipsum, range, dict,
  cycler, joiner, namespace), a short list of text filters, and only a few ``str`` methods;
* only expressions, ``{% if %}`` and ``{% set %}``: no loops, macros, blocks or includes, so the
  work is bounded by the template's length;
* every operator is intercepted: ``*`` and ``**`` refuse results over ``MAX_TEXT`` characters or
  ``MAX_INT_BITS`` bits before computing them, and every call, filter and operator result is
  checked for size; a time limit backs this up;
* only text and numbers print; the output is capped while it is produced, and the subject (its
  whitespace collapsed) at ``MAX_SUBJECT`` characters.

Every failure, whatever raised it, becomes a ``SubjectError`` with a sentence for the user.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

SUBJECT_NAMES = ("title", "subtitle", "date", "marking", "brief_id", "version", "audience", "recipient")
DEFAULT_SUBJECT = "{% if marking %}[{{ marking }}] {% endif %}{{ title }} ({{ date }})"
MAX_SUBJECT = 998 - len("Subject: ")  # RFC 5322: a header line is at most 998 characters
MAX_TEXT = 4 * MAX_SUBJECT  # any text, list or output produced on the way
MAX_INT_BITS = 64
TIME_LIMIT = 1.0  # seconds per rendering; a loop-free template takes well under a millisecond
FILTERS = (
    "capitalize",
    "count",
    "d",
    "default",
    "first",
    "join",
    "last",
    "length",
    "lower",
    "replace",
    "string",
    "title",
    "trim",
    "truncate",
    "upper",
    "wordcount",
)
STR_METHODS = frozenset(
    {"capitalize", "casefold", "endswith", "lower", "lstrip", "replace", "rstrip", "startswith"}
    | {"strip", "swapcase", "title", "upper"}
)
_ALLOWED_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.If,
    nodes.Assign,
    nodes.Name,
    nodes.Const,
    nodes.Tuple,
    nodes.List,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Slice,
    nodes.Filter,
    nodes.Test,
    nodes.Call,
    nodes.Keyword,
    nodes.CondExpr,
    nodes.Concat,
    nodes.Compare,
    nodes.Operand,
    nodes.BinExpr,  # +, -, *, /, //, %, **, and, or: every arithmetic one is intercepted
    nodes.UnaryExpr,  # not, -, +
)
_PRINTABLE = (str, int, float, bool, type(None), Undefined)


class SubjectError(Exception):
    """A subject template that cannot be used; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox with every operator, call and filter bounded in size, and a clock."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    intercepted_unops = frozenset({"-", "+"})

    def __init__(self) -> None:
        super().__init__(autoescape=False, undefined=StrictUndefined, finalize=_printable)
        self.globals.clear()
        self.filters = {name: _bounded(self.filters[name], self) for name in FILTERS}
        self.deadline = float("inf")

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError(f"the template took more than {TIME_LIMIT:g} s")

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, str) and attr in STR_METHODS

    def wrap_str_format(self, value: Any) -> None:
        """No ``str.format``: even sandboxed, ``'{:>999999999}'.format(1)`` takes a gigabyte."""
        return None

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        _check_operands(operator, left, right)
        return _checked(super().call_binop(context, operator, left, right))

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        self.tick()
        return _checked(super().call_unop(context, operator, arg))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.tick()
        for value in (*args, *kwargs.values()):
            _checked(value)
        return _checked(SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs))


def _bounded(f: Callable[..., Any], env: _Sandbox) -> Callable[..., Any]:
    """A filter whose arguments and result are checked like any other value (keeps pass_* marks)."""

    @functools.wraps(f)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        env.tick()
        for value in (*args, *kwargs.values()):
            _checked(value)  # the environment or context passed first is neither text nor number
        return _checked(f(*args, **kwargs))

    return filtered


def _checked(value: Any) -> Any:
    """``value``, if it is small enough to keep; SecurityError otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise SecurityError(f"a number over {MAX_INT_BITS} bits")
    if isinstance(value, str | list | tuple) and len(value) > MAX_TEXT:
        raise SecurityError(f"a value over {MAX_TEXT:,} characters")
    return value


def _check_operands(operator: str, left: Any, right: Any) -> None:
    """Refuse, before computing it, a repetition or power whose result would be too large."""
    too_long = SecurityError(f"a value over {MAX_TEXT:,} characters")
    too_big = SecurityError(f"a number over {MAX_INT_BITS} bits")
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "%" and isinstance(left, str):
        raise SecurityError("'%' formatting is not available in a subject; join text with ~")
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_TEXT:
                raise too_long
        if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
            raise too_big
    numbers = isinstance(left, int | float) and isinstance(right, int | float)
    if operator == "**" and numbers and abs(right) > MAX_INT_BITS:
        raise too_big
    if operator == "**" and ints and abs(left) > 1 and right * math.log2(abs(left)) > MAX_INT_BITS:
        raise too_big


def _printable(value: Any) -> Any:
    """What ``{{ ... }}`` may print: text and numbers, never an object's repr."""
    if isinstance(value, _PRINTABLE):
        return value
    raise SecurityError(f"a {type(value).__name__} cannot be printed in a subject; print text or numbers")


def _check_tree(tree: nodes.Template) -> None:
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _ALLOWED_NODES):
            name = type(node).__name__.lower()
            what = f"{{% {name} %}}" if isinstance(node, nodes.Stmt) else f"a {name} expression"
            raise SubjectError(
                f"line {node.lineno}: {what} is not allowed in a subject, which is one line of text: "
                "use the names, filters, ~ and {% if %}"
            )
        if isinstance(node, nodes.Const):
            try:
                _checked(node.value)
            except SecurityError as exc:
                raise SubjectError(f"line {node.lineno}: {exc.message}") from None


class SubjectRenderer:
    """Compiles each subject template once; ``render`` gives the subject or raises SubjectError."""

    def __init__(self) -> None:
        self.env = _Sandbox()
        self._compiled: dict[str, Any] = {}

    def compile(self, source: str) -> Any:
        if source not in self._compiled:
            if len(source) > MAX_TEXT:
                raise SubjectError(f"the template is over {MAX_TEXT:,} characters")
            try:
                tree = self.env.parse(source)
                _check_tree(tree)
                self._compiled[source] = self.env.from_string(tree)
            except SubjectError:
                raise
            except TemplateError as exc:
                raise SubjectError(_jinja_message(exc)) from None
            except (ArithmeticError, MemoryError, RecursionError, ValueError, TypeError) as exc:
                raise SubjectError(f"cannot compile: {_python_message(exc)}") from None
        return self._compiled[source]

    def render(self, source: str, values: Mapping[str, Any]) -> str:
        """The subject: whitespace collapsed to single spaces, at most MAX_SUBJECT characters."""
        template = self.compile(source)
        self.env.deadline = time.monotonic() + TIME_LIMIT
        size, chunks = 0, []
        try:
            for chunk in template.generate({n: values.get(n) for n in SUBJECT_NAMES}):
                size += len(chunk)
                if size > MAX_TEXT:
                    raise SecurityError(f"it printed over {MAX_TEXT:,} characters")
                chunks.append(chunk)
        except TemplateError as exc:
            raise SubjectError(_jinja_message(exc)) from None
        except (ArithmeticError, MemoryError, RecursionError, ValueError, TypeError, LookupError) as exc:
            raise SubjectError(_python_message(exc)) from None
        finally:
            self.env.deadline = float("inf")
        subject = " ".join("".join(chunks).split())
        if len(subject) > MAX_SUBJECT:
            raise SubjectError(
                f"the subject is {len(subject):,} characters long, over the {MAX_SUBJECT} a header line "
                "can hold; shorten it, e.g. {{ title | truncate(200) }}"
            )
        return subject


def _jinja_message(exc: TemplateError) -> str:
    message = exc.message or type(exc).__name__
    if isinstance(exc, SecurityError):
        return f"refused: {message}"
    if isinstance(exc, TemplateSyntaxError) and exc.lineno > 1:
        return f"line {exc.lineno}: {message}"
    return message


def _python_message(exc: BaseException) -> str:
    kinds: dict[type[BaseException], str] = {
        MemoryError: "out of memory",
        RecursionError: "nested too deeply",
    }
    kind = kinds.get(type(exc))
    return f"refused: {kind or type(exc).__name__}{': ' + str(exc) if str(exc) else ''}"
