/// Building page models for Mustache.
///
/// swift-mustache treats any present value as true in a section (`{{#x}}`), including an empty string, zero or
/// an `Optional.none` boxed in `Any`. Models are therefore built with ``compact(_:)``, which leaves out `nil` and
/// empty strings so that `{{#x}}…{{/x}}` and `{{^x}}…{{/x}}` mean "has a value" / "has none".
enum WebModel {
    /// The entries of `pairs` whose value is neither `nil` nor an empty string.
    static func compact(_ pairs: [String: Any?]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in pairs {
            guard let value else { continue }
            if let string = value as? String, string.isEmpty { continue }
            result[key] = value
        }
        return result
    }

    /// Select options with the one matching `selected` marked.
    static func options<Value>(
        _ values: [Value], selected: Value?, value: (Value) -> String, label: (Value) -> String
    ) -> [[String: Any]] {
        let chosen = selected.map(value)
        return values.map { item in
            let raw = value(item)
            return ["value": raw, "label": label(item), "selected": raw == chosen]
        }
    }
}
