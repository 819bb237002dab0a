//! Valid JSON documents shaped like tool-call arguments and then some, shared by the snapshot
//! prefix tests and the jiter agreement check.

/// Valid documents shaped like tool-call arguments and then some.
pub const DOCUMENTS: &[&str] = &[
    r#"{"location": "San Francisco, CA", "unit": "celsius"}"#,
    r#"{"query":"rust \"serde\" json","limit":10,"offset":-5,"exact":true,"filters":null}"#,
    r#"{"name":"write_file","arguments":{"path":"/tmp/a.txt","content":"line 1\nline 2\ttab \\ back\/slash","mode":420,"append":false}}"#,
    r#" { "nested" : [ [ ] , { } , [ { "a" : [ 1 , [ 2 , [ 3 ] ] ] } ] ] , "e" : { } } "#,
    r#"{"unicode":"caf\u00e9 \u65e5\u672c \ud83d\ude00 raw: é 日本 😀","ctl":"\b\f\r\u0000\u001f"}"#,
    r#"[0, -0, 1, -1, 12.5, -12.5e1, 1E+2, 1e-2, 0.000001, 18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809, 123456789012345678901234567890, 3.141592653589793238462643383279]"#,
    r#"{"a":1,"a":"two","b":[true,false,null],"a":{"x":[]}}"#,
    r#"{"empty":"","spaces":"   ","quote":"\"","keys":{"":0,"\u0041":"A","é":1}}"#,
    "\t\r\n[\"top\", 1, {\"k\": [\"v\"]}]\n",
    r#""just a string with \" and \\ and \u20ac""#,
    "[1, 123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890.5e-3, 2]",
    "-12.5e-3",
    "0",
    "true",
    "null",
    "[]",
    "{}",
    r#"[[[[[[[[[[["deep"]]]]]]]]]]]"#,
    r#"{"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}"#,
];
