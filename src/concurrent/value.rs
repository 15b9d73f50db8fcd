//! Python's values, just enough of them for `func(x, y)`: `return x + y`.
//!
//! The tutorial's failing job is `func(2, 'Hello')`: Python only finds out that `int + str` makes no sense when
//! the `+` runs, and raises `TypeError` inside the job. Rust refuses `2 + "Hello"` at compile time, so to show a
//! job failing at run time the arguments must be values whose type is only known at run time: [`Value`].
//! [`add`] then fails the way CPython does, with the same message.
//!
//! [`Value::None`] is Python's `None`: what `time.sleep` returns, and what a Task sends into a generator the first
//! time (`gen.send(None)`). [`Value::List`] is what fib's `compute_fibs` returns, printed as Python prints a list.

use std::fmt::{self, Write as _};

/// A dynamically typed value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Value {
    /// `None`.
    #[default]
    None,
    /// An `int`.
    Int(i64),
    /// A `str`.
    Str(String),
    /// A `list`.
    List(Vec<Value>),
}

impl Value {
    /// Python's `type(v).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Int(_) => "int",
            Value::Str(_) => "str",
            Value::List(_) => "list",
        }
    }

    /// Python's `repr(v)`: as [`Display`](fmt::Display), but a string keeps its quotes (`'a'`). A list shows its
    /// items this way, as Python's `print([1, 'a'])` shows `[1, 'a']`.
    pub fn repr(&self) -> String {
        match self {
            Value::Str(s) => repr_str(s),
            _ => self.to_string(),
        }
    }
}

/// Python's `repr()` of a `str`: `'Hello'`, or `"it's"` (the other quote when the text holds a `'` and no `"`),
/// with the chosen quote, the backslash and control characters escaped (`\n`, `\x00`, `\x85`). This is the
/// crate's one Python `repr`: exceptions ([`JobError::repr`](super::future::JobError::repr)), lists and bytes
/// ([`repr_bytes`]) all go through it. (CPython also escapes the other characters that `str.isprintable()`
/// refuses, such as format characters; this escapes Rust's `char::is_control`, which no sample goes beyond.)
pub fn repr_str(s: &str) -> String {
    quoted("", s.chars(), |c| !c.is_control())
}

/// Python's `repr()` of a `bytes`: `b'Got:caf\xe9\n'`: as [`repr_str`], with a `b` in front, and every byte
/// outside printable ASCII as `\xNN`.
pub fn repr_bytes(bytes: &[u8]) -> String {
    quoted("b", bytes.iter().map(|&byte| char::from(byte)), |c| (' '..='~').contains(&c))
}

/// The quoting that CPython's `repr` of `str` and of `bytes` share: single quotes unless the text holds a `'` and
/// no `"`; the chosen quote, the backslash, `\t`, `\n`, `\r` escaped; any other character that is not
/// `printable` as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
fn quoted(prefix: &str, chars: impl Iterator<Item = char> + Clone, printable: impl Fn(char) -> bool) -> String {
    let (single, double) = chars.clone().fold((false, false), |(s, d), c| (s || c == '\'', d || c == '"'));
    let quote = if single && !double { '"' } else { '\'' };
    let mut out = format!("{prefix}{quote}");
    for c in chars {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if printable(c) => out.push(c),
            // Writing to a String cannot fail.
            c if u32::from(c) < 0x100 => _ = write!(out, "\\x{:02x}", u32::from(c)),
            c if u32::from(c) < 0x1_0000 => _ = write!(out, "\\u{:04x}", u32::from(c)),
            c => _ = write!(out, "\\U{:08x}", u32::from(c)),
        }
    }
    out.push(quote);
    out
}

/// Python's `print(v)`: `None`, `5`, `Hello`, `[1, 'a']` (a list shows its items' [`repr`](Value::repr)).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Str(s) => f.write_str(s),
            Value::List(items) => {
                f.write_str("[")?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&item.repr())?;
                }
                f.write_str("]")
            }
        }
    }
}

/// A Task's trace shows what it sends in as Python's `repr`; `None` is a bare `next()`.
impl crate::trace::Describe for Value {
    fn describe(&self) -> crate::trace::Sent {
        match self {
            Value::None => crate::trace::Sent::Nothing,
            value => crate::trace::Sent::Value(value.repr()),
        }
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}

/// What Python's `x + y` raises for these values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddError {
    /// CPython's `TypeError`, word for word.
    #[error("unsupported operand type(s) for +: '{0}' and '{1}'")]
    Type(&'static str, &'static str),
    /// Python's ints never overflow; ours are `i64`, and we say so rather than wrap.
    #[error("{0} + {1} does not fit in 64 bits (Python's ints are unbounded, these are i64)")]
    Overflow(i64, i64),
}

impl AddError {
    /// The class of the exception Python raises: `TypeError`; for a sum beyond 64 bits, which Python's unbounded
    /// ints never hit, the class Python uses for a number too large for its type, `OverflowError`.
    pub fn python_class(&self) -> &'static str {
        match self {
            AddError::Type(..) => "TypeError",
            AddError::Overflow(..) => "OverflowError",
        }
    }
}

/// Python's `x + y` for these values: ints add, strings and lists concatenate, anything else is the `TypeError`
/// CPython raises.
pub fn add(x: &Value, y: &Value) -> Result<Value, AddError> {
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => a.checked_add(*b).map(Value::Int).ok_or(AddError::Overflow(*a, *b)),
        (Value::Str(a), Value::Str(b)) => Ok(Value::Str(format!("{a}{b}"))),
        (Value::List(a), Value::List(b)) => Ok(Value::List(a.iter().chain(b).cloned().collect())),
        _ => Err(AddError::Type(x.type_name(), y.type_name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_like_python() {
        assert_eq!(add(&2.into(), &3.into()), Ok(Value::Int(5)));
        assert_eq!(add(&"a".into(), &"b".into()), Ok(Value::from("ab")));
        let error = add(&2.into(), &"Hello".into()).err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("unsupported operand type(s) for +: 'int' and 'str'"));
        assert_eq!(Value::None.to_string(), "None");
        let list = |items: Vec<Value>| Value::List(items);
        assert_eq!(add(&list(vec![1.into()]), &list(vec![2.into()])), Ok(list(vec![1.into(), 2.into()])));
        let error = add(&list(vec![]), &2.into()).err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("unsupported operand type(s) for +: 'list' and 'int'"));
    }

    #[test]
    fn prints_lists_like_python() {
        // Each expectation is what CPython 3.11's print() shows for the same value.
        let list = |items: Vec<Value>| Value::List(items);
        assert_eq!(list(vec![]).to_string(), "[]");
        assert_eq!(list(vec![1.into(), 1.into(), 2.into()]).to_string(), "[1, 1, 2]");
        assert_eq!(list(vec!["a".into(), Value::None, (-3).into()]).to_string(), "['a', None, -3]");
        assert_eq!(list(vec![list(vec!["b".into()]), list(vec![])]).to_string(), "[['b'], []]");
        assert_eq!(list(vec!["it's".into(), "say \"hi\"".into()]).to_string(), r#"["it's", 'say "hi"']"#);
        assert_eq!(list(vec!["both ' \"".into(), "a\\b\n".into()]).to_string(), r#"['both \' "', 'a\\b\n']"#);
        assert_eq!(Value::from("a").repr(), "'a'");
        assert_eq!(Value::from("a").to_string(), "a", "print() of a bare string shows no quotes");
    }

    #[test]
    fn reprs_are_cpythons() {
        // Each expectation is what CPython 3.11's repr() shows for the same str or bytes.
        assert_eq!(
            repr_str("unsupported operand type(s) for +: 'int' and 'str'"),
            r#""unsupported operand type(s) for +: 'int' and 'str'""#
        );
        assert_eq!(repr_str("caf\u{e9} \u{1f600}"), "'caf\u{e9} \u{1f600}'", "printable non-ASCII stays");
        assert_eq!(repr_str("\0\x07\u{85}\u{9f}"), r"'\x00\x07\x85\x9f'");
        assert_eq!(repr_str("both ' \""), r#"'both \' "'"#);
        assert_eq!(repr_bytes(b"Got:Hello\n"), r"b'Got:Hello\n'");
        assert_eq!(repr_bytes(b"caf\xe9\t\r\\"), r"b'caf\xe9\t\r\\'");
        assert_eq!(repr_bytes(b"it's"), r#"b"it's""#);
        assert_eq!(repr_bytes(b"'\""), r#"b'\'"'"#);
        assert_eq!(repr_bytes(b"\x00\x7f"), r"b'\x00\x7f'");
    }
}
