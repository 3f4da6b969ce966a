//! `Set-Cookie` headers as a browser reads them, parsed by hand so cookie tests do not trust
//! the same library that wrote the header.

/// One `Set-Cookie` header, split into its name, value and attributes.
#[derive(Debug, Clone)]
pub struct SetCookie {
    pub name: String,
    pub value: String,
    pub attributes: Vec<String>,
}

impl SetCookie {
    pub fn parse(header: &str) -> Self {
        let mut parts = header.split(';').map(str::trim);
        let (name, value) = parts.next().and_then(|pair| pair.split_once('=')).expect("name=value first");
        Self { name: name.to_owned(), value: value.to_owned(), attributes: parts.map(str::to_owned).collect() }
    }

    /// Whether a flag (`HttpOnly`) or a `key=value` attribute is present, case-insensitively.
    pub fn has(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|a| a.eq_ignore_ascii_case(attribute))
    }

    /// The value of a `key=value` attribute (`Max-Age`), case-insensitively by key.
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find_map(|a| a.split_once('=').filter(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
    }

    /// The `Cookie` request header a browser would send back.
    pub fn as_request_header(&self) -> String {
        format!("{}={}", self.name, self.value)
    }
}
