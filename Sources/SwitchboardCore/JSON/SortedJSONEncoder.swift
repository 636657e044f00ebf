import Foundation

/// Encodes a value to JSON text byte-for-byte as Foundation's `JSONEncoder` does with `outputFormatting =
/// [.sortedKeys, .withoutEscapingSlashes]` — and, with `formatDate`, a `.custom` date strategy that writes the
/// date as that string — at a fraction of its cost.
///
/// `JSONEncoder` builds a tree of dictionaries, casts every value to find the few types it writes specially, and
/// calls the date strategy through a closure; at concurrency 64 encoding the answer to a ticket create was about a
/// quarter of the request threads' CPU (docs/performance.md, "Session 12"). This encoder builds a tree of member
/// lists, recognises `Date`, `Data`, `URL` and `Decimal` by their type alone, and writes the text in one pass with
/// ``JSONBytes``. What it writes is what `JSONEncoder` writes, including its errors for NaN and infinity
/// (`SortedJSONEncoderTests` compares the two over edge cases and random trees, `APIJSONEncodingTests` over real API
/// answers):
/// - object keys in the order of their UTF-8 bytes; a key encoded twice keeps its last value;
/// - `Data` as Base64, `URL` as its absolute string, `Decimal` as its description, `Date` as `formatDate` writes it
///   (or, without `formatDate`, as the `Double` of seconds since 2001 that `Date` itself encodes);
/// - a nested value that encodes nothing as `{}`; a top-level value that encodes nothing is an error.
public struct SortedJSONEncoder: Sendable {
    /// How a `Date` is written (as a JSON string); `nil` lets `Date` encode itself.
    public let formatDate: (@Sendable (Date) -> String)?

    public init(formatDate: (@Sendable (Date) -> String)? = nil) {
        self.formatDate = formatDate
    }

    /// `value` as UTF-8 JSON text.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONTreeEncoder(formatDate: formatDate, parent: nil, key: nil)
        guard let node = try encoder.node(for: value, key: nil) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var out: [UInt8] = []
        out.reserveCapacity(512)
        node.write(to: &out)
        return out
    }
}

/// One value of the tree ``SortedJSONEncoder`` builds before it writes the text.
private enum JSONNode {
    case null
    case bool(Bool)
    case signed(Int64)
    case unsigned(UInt64)
    case double(Double)
    case float(Float)
    /// A number already written as text (`Decimal`).
    case numberText(String)
    case string(String)
    case object(JSONObject)
    case array(JSONArray)
    /// What an encoder handed out by `superEncoder()` holds once its user is done with it. The tree holds the
    /// encoder's slot, not the encoder: the encoder points to its parent, so holding it would make a cycle.
    case slot(JSONSlot)

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .signed(let number): JSONBytes.appendInteger(number, to: &out)
        case .unsigned(let number): JSONBytes.appendInteger(number, to: &out)
        case .double(let number): JSONBytes.appendFloatingPoint(number, to: &out)
        case .float(let number): JSONBytes.appendFloatingPoint(number, to: &out)
        case .numberText(let text): out.append(contentsOf: text.utf8)
        case .string(let text): JSONBytes.appendString(text, to: &out)
        case .object(let object): object.write(to: &out)
        case .array(let array):
            out.append(UInt8(ascii: "["))
            for (index, element) in array.elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .slot(let slot): (slot.value ?? .object(JSONObject())).write(to: &out)
        }
    }
}

/// An object's members in the order they were encoded; sorted when written.
private final class JSONObject {
    var members: [(key: String, value: JSONNode)] = []

    func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        // By key, then by position, so that of a key encoded twice the last value is written (JSONEncoder keeps a
        // dictionary). Keys usually arrive in declaration order, a few dozen at most.
        let order = members.indices.sorted { lhs, rhs in
            let comparison = JSONBytes.compareUTF8(members[lhs].key, members[rhs].key)
            return comparison == 0 ? lhs < rhs : comparison < 0
        }
        var first = true
        for (position, index) in order.enumerated() {
            let member = members[index]
            if position + 1 < order.count, members[order[position + 1]].key == member.key { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONBytes.appendString(member.key, to: &out)
            out.append(UInt8(ascii: ":"))
            member.value.write(to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}

private final class JSONArray {
    var elements: [JSONNode] = []
}

/// Where an encoder keeps the value encoded into it.
private final class JSONSlot {
    var value: JSONNode?
}

/// A coding key for a position in an array (in coding paths of errors).
private struct JSONIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// The `Encoder` of one value: it holds the value's node once the value has encoded itself into it.
private final class JSONTreeEncoder: Encoder {
    let formatDate: (@Sendable (Date) -> String)?
    let parent: JSONTreeEncoder?
    let key: (any CodingKey)?
    let slot = JSONSlot()

    /// The value encoded into this encoder so far.
    var value: JSONNode? {
        get { slot.value }
        set { slot.value = newValue }
    }

    init(formatDate: (@Sendable (Date) -> String)?, parent: JSONTreeEncoder?, key: (any CodingKey)?) {
        self.formatDate = formatDate
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var encoder: JSONTreeEncoder? = self
        while let current = encoder, let key = current.key {
            path.append(key)
            encoder = current.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONObject
        if case .object(let existing) = value {
            object = existing
        } else {
            object = JSONObject()
            value = .object(object)
        }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self, object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONArray
        if case .array(let existing) = value {
            array = existing
        } else {
            array = JSONArray()
            value = .array(array)
        }
        return JSONUnkeyedContainer(encoder: self, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(encoder: self)
    }

    /// The node for `value`, a child of this encoder's value under `key`; `nil` when `value` encoded nothing.
    func node<T: Encodable>(for value: T, key: (any CodingKey)?) throws -> JSONNode? {
        if T.self == Date.self, let formatDate {
            return .string(formatDate(value as! Date))
        }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Decimal.self { return .numberText((value as! Decimal).description) }
        // Under a key (an object member, an array element): an encoder one level down. Without one (the top level,
        // a single value container): an encoder at this one's own path.
        let encoder = key.map { JSONTreeEncoder(formatDate: formatDate, parent: self, key: $0) }
            ?? JSONTreeEncoder(formatDate: formatDate, parent: parent, key: self.key)
        try value.encode(to: encoder)
        return encoder.value
    }

    func double(_ number: Double, key: (any CodingKey)?) throws -> JSONNode {
        guard number.isFinite else { throw invalid(number, "Double", key: key) }
        return .double(number)
    }

    func float(_ number: Float, key: (any CodingKey)?) throws -> JSONNode {
        guard number.isFinite else { throw invalid(number, "Float", key: key) }
        return .float(number)
    }

    private func invalid(_ number: some BinaryFloatingPoint, _ type: String, key: (any CodingKey)?) -> EncodingError {
        EncodingError.invalidValue(number, EncodingError.Context(
            codingPath: codingPath + (key.map { [$0] } ?? []),
            debugDescription: "Unable to encode \(type).\(number) directly in JSON."))
    }
}

private struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONTreeEncoder
    let object: JSONObject

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ node: JSONNode, _ key: Key) { object.members.append((key.stringValue, node)) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try encoder.double(value, key: key), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try encoder.float(value, key: key), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.signed(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.signed(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.signed(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.signed(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.signed(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.unsigned(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try encoder.node(for: value, key: key) ?? .object(JSONObject()), key)
    }

    /// The value last written under `key`, if any.
    private func existing(_ key: Key) -> JSONNode? {
        object.members.last { $0.key == key.stringValue }?.value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        // A second nested container under the same key adds to the first, as JSONEncoder's does.
        let nested: JSONObject
        if case .object(let earlier) = existing(key) {
            nested = earlier
        } else {
            nested = JSONObject()
            set(.object(nested), key)
        }
        let child = JSONTreeEncoder(formatDate: encoder.formatDate, parent: encoder, key: key)
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(encoder: child, object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested: JSONArray
        if case .array(let earlier) = existing(key) {
            nested = earlier
        } else {
            nested = JSONArray()
            set(.array(nested), key)
        }
        let child = JSONTreeEncoder(formatDate: encoder.formatDate, parent: encoder, key: key)
        return JSONUnkeyedContainer(encoder: child, array: nested)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(key: JSONSuperKey()) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key) }

    private func superEncoder(key: some CodingKey) -> any Encoder {
        let child = JSONTreeEncoder(formatDate: encoder.formatDate, parent: encoder, key: key)
        object.members.append((key.stringValue, .slot(child.slot)))
        return child
    }
}

/// The key `superEncoder()` writes under, as `JSONEncoder` names it.
private struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { return nil }
}

private struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: JSONTreeEncoder
    let array: JSONArray

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.elements.count }

    private var nextKey: JSONIndexKey { JSONIndexKey(index: array.elements.count) }
    private func append(_ node: JSONNode) { array.elements.append(node) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try encoder.double(value, key: nextKey)) }
    mutating func encode(_ value: Float) throws { append(try encoder.float(value, key: nextKey)) }
    mutating func encode(_ value: Int) throws { append(.signed(Int64(value))) }
    mutating func encode(_ value: Int8) throws { append(.signed(Int64(value))) }
    mutating func encode(_ value: Int16) throws { append(.signed(Int64(value))) }
    mutating func encode(_ value: Int32) throws { append(.signed(Int64(value))) }
    mutating func encode(_ value: Int64) throws { append(.signed(value)) }
    mutating func encode(_ value: UInt) throws { append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { append(.unsigned(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try encoder.node(for: value, key: nextKey) ?? .object(JSONObject()))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        let child = JSONTreeEncoder(formatDate: encoder.formatDate, parent: encoder, key: nextKey)
        append(.object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(encoder: child, object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        let child = JSONTreeEncoder(formatDate: encoder.formatDate, parent: encoder, key: nextKey)
        append(.array(nested))
        return JSONUnkeyedContainer(encoder: child, array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONTreeEncoder(formatDate: encoder.formatDate, parent: encoder, key: nextKey)
        append(.slot(child.slot))
        return child
    }
}

private struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let encoder: JSONTreeEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ node: JSONNode) { encoder.value = node }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try encoder.double(value, key: nil)) }
    mutating func encode(_ value: Float) throws { set(try encoder.float(value, key: nil)) }
    mutating func encode(_ value: Int) throws { set(.signed(Int64(value))) }
    mutating func encode(_ value: Int8) throws { set(.signed(Int64(value))) }
    mutating func encode(_ value: Int16) throws { set(.signed(Int64(value))) }
    mutating func encode(_ value: Int32) throws { set(.signed(Int64(value))) }
    mutating func encode(_ value: Int64) throws { set(.signed(value)) }
    mutating func encode(_ value: UInt) throws { set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { set(.unsigned(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        set(try encoder.node(for: value, key: nil) ?? .object(JSONObject()))
    }
}
