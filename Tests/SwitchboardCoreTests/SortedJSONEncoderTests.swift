import Foundation
import Testing

@testable import SwitchboardCore

/// `SortedJSONEncoder` against Foundation's `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`: the same
/// bytes, or an error from both.
@Suite("Sorted JSON encoder")
struct SortedJSONEncoderTests {
    static func reference(formatDate: (@Sendable (Date) -> String)? = nil) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let formatDate {
            encoder.dateEncodingStrategy = .custom { date, encoder in
                var container = encoder.singleValueContainer()
                try container.encode(formatDate(date))
            }
        }
        return encoder
    }

    static let formatDate: @Sendable (Date) -> String = { date in
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// Both encoders' output for `value`: equal bytes, or both fail with an `EncodingError.invalidValue` (at the same
    /// coding path when `samePath`: inside nested and super encoders JSONEncoder's error paths leave out some keys,
    /// where ours give the whole path).
    /// Returns how many bytes JSONEncoder wrote (`nil` when it threw).
    @discardableResult
    static func expectSame<T: Encodable>(
        _ value: T, formatDate: (@Sendable (Date) -> String)? = nil, samePath: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int? {
        let expected: Result<[UInt8], any Error> = Result { Array(try reference(formatDate: formatDate).encode(value)) }
        let actual: Result<[UInt8], any Error> = Result { try SortedJSONEncoder(formatDate: formatDate).encode(value) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)):
            #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                    sourceLocation: sourceLocation)
        case (.failure(let expected), .failure(let actual)):
            guard case EncodingError.invalidValue(_, let expectedContext) = expected,
                case EncodingError.invalidValue(_, let actualContext) = actual
            else {
                Issue.record("different errors: \(expected) and \(actual)", sourceLocation: sourceLocation)
                return nil
            }
            if samePath {
                #expect(actualContext.codingPath.map(\.stringValue) == expectedContext.codingPath.map(\.stringValue),
                        sourceLocation: sourceLocation)
            }
        case (.success(let expected), .failure(let error)):
            Issue.record("JSONEncoder wrote \(String(decoding: expected, as: UTF8.self)), ours threw \(error)",
                         sourceLocation: sourceLocation)
        case (.failure(let error), .success(let actual)):
            Issue.record("JSONEncoder threw \(error), ours wrote \(String(decoding: actual, as: UTF8.self))",
                         sourceLocation: sourceLocation)
        }
        return try? expected.get().count
    }

    @Test("strings: every control character, quotes, backslash, slash, DEL, line separators, astral scalars")
    func strings() {
        var every = ""
        for value in 0..<0x80 { every.unicodeScalars.append(Unicode.Scalar(value)!) }
        let strings = [every, "", "plain", "\"", "\\", "/", "a\u{0}b", "\u{2028}\u{2029}\u{FEFF}\u{FFFF}", "é🎉𝄞",
                       "</script>", "\r\n\t\u{8}\u{C}\u{1F}"]
        Self.expectSame(strings)
        for string in strings { Self.expectSame(string) }
        Self.expectSame(Dictionary(uniqueKeysWithValues: strings.enumerated().map { ($1, $0) }))
    }

    @Test("numbers: integer limits, floating-point forms, and NaN and infinity refused at the same path")
    func numbers() {
        Self.expectSame([Int64.min, Int64.max, 0, -1])
        Self.expectSame([UInt64.max, 0])
        Self.expectSame([Int8.min, Int8.max])
        Self.expectSame([UInt8.max])
        Self.expectSame([1.0, -0.0, 0.5, 1.5, 1e20, 1e-7, 0.1, 9_000_000_000_000_000, 123456789012345678.0,
                         Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude, -2.5e-300])
        Self.expectSame([Float(1.1), Float(3), Float.greatestFiniteMagnitude, Float.leastNonzeroMagnitude])
        Self.expectSame(["x": [Double.nan]])
        Self.expectSame(["x": ["y": Double.infinity]])
        Self.expectSame([Float.nan])
        Self.expectSame(-Double.infinity)
        var generator = SplitMix(seed: 7)
        let doubles = (0..<2_000).map { _ in Double(bitPattern: generator.next()) }.filter(\.isFinite)
        Self.expectSame(doubles)
        let floats = (0..<2_000).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: generator.next())) }
            .filter(\.isFinite)
        Self.expectSame(floats)
    }

    @Test("special types: Date with and without a format, Data, URL, Decimal, optionals, dictionaries keyed by Int")
    func specialTypes() {
        struct Record: Encodable {
            var date = Date(timeIntervalSince1970: 1_700_000_000.123)
            var dates: [Date?] = [Date(timeIntervalSince1970: 0), nil]
            var data = Data([0, 1, 2, 250, 251, 252])
            var url = URL(string: "https://example.com/a/b?c=d&e=f#g")!
            var decimal = Decimal(string: "12.50")!
            var absent: Int? = nil
            var present: String? = "here"
            var byNumber: [Int: String] = [10: "ten", 2: "two", 1: "one"]
            var nested: [String: [String: Int]] = ["b": ["y": 1, "x": 2], "a": [:]]
        }
        Self.expectSame(Record())
        Self.expectSame(Record(), formatDate: Self.formatDate)
        Self.expectSame(Date(timeIntervalSince1970: 5), formatDate: Self.formatDate)
        Self.expectSame(Date(timeIntervalSince1970: 5))
    }

    @Test("keys sorted by their UTF-8 bytes; a key encoded twice keeps its last value")
    func keys() {
        Self.expectSame(["a10": 1, "a2": 2, "aB": 3, "ab": 4, "A": 5, "a_b": 6, "a": 7, "é": 8, "e": 9, "Z": 10,
                         "a1": 11, "_x": 12, "": 13])
        Self.expectSame(FuzzValue.object([("b", .int(1)), ("a", .int(2)), ("b", .int(3)), ("a", .string("last"))]))
    }

    @Test("a nested container asked for twice under one key adds to the first, as JSONEncoder's does")
    func nestedContainersUnderOneKey() {
        struct Twice: Encodable {
            typealias Key = FuzzValue.Key
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                var first = container.nestedContainer(keyedBy: Key.self, forKey: Key("object"))
                try first.encode(1, forKey: Key("b"))
                var second = container.nestedContainer(keyedBy: Key.self, forKey: Key("object"))
                try second.encode(2, forKey: Key("a"))
                var list = container.nestedUnkeyedContainer(forKey: Key("list"))
                try list.encode("x")
                var more = container.nestedUnkeyedContainer(forKey: Key("list"))
                try more.encode("y")
                var top = encoder.container(keyedBy: Key.self)
                try top.encode(3, forKey: Key("c"))
            }
        }
        Self.expectSame(Twice())
        Self.expectSame([Twice(), Twice()])
    }

    @Test("values that encode nothing: {} when nested, an error at the top level")
    func encodingNothing() {
        Self.expectSame(FuzzValue.nothing)
        Self.expectSame(FuzzValue.array([.nothing, .int(1)]))
        Self.expectSame(FuzzValue.object([("k", .nothing)]))
        Self.expectSame(FuzzValue.single(.nothing))
    }

    @Test("random trees of every container kind, 3,000 of them, encode as JSONEncoder encodes them")
    func randomTrees() {
        var generator = SplitMix(seed: 20261124)
        var written = 0, refused = 0, bytes = 0
        for _ in 0..<3_000 {
            // An object or an array at the top, like an API answer, with random values of up to three levels inside.
            let members = (0..<Int(1 + generator.next() % 6)).map { _ in
                (FuzzValue.keyPool[Int(generator.next() % UInt64(FuzzValue.keyPool.count))],
                 FuzzValue.random(depth: 3, using: &generator))
            }
            let value: FuzzValue = generator.next() % 3 == 0 ? .array(members.map(\.1)) : .object(members)
            if let count = Self.expectSame(
                value, formatDate: generator.next() % 2 == 0 ? Self.formatDate : nil, samePath: false)
            {
                written += 1
                bytes += count
            } else {
                refused += 1
            }
        }
        // The trees are not trivial: most are written, some refused (NaN, infinity, nothing at the top level).
        #expect(written > 2_000 && refused > 50 && bytes / written > 60, "\(written) \(refused) \(bytes)")
    }
}

/// A small deterministic generator, so a failing tree can be found again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A value that encodes itself through every kind of container and method an `Encoder` offers.
indirect enum FuzzValue: Encodable {
    case null
    case bool(Bool)
    case int(Int)
    case int32(Int32)
    case uint64(UInt64)
    case double(Double)
    case float(Float)
    case string(String)
    case date(Date)
    case data(Data)
    case decimal(Decimal)
    case object([(String, FuzzValue)])
    /// Members written through `nestedContainer(keyedBy:forKey:)` under the key.
    case nestedObject(String, [(String, FuzzValue)])
    /// Elements written through `nestedUnkeyedContainer(forKey:)` under the key.
    case nestedArray(String, [FuzzValue])
    /// A value written through `superEncoder(forKey:)` under the key, or `superEncoder()` when the key is `nil`.
    case superEncoded(String?, FuzzValue)
    /// A key written with `encodeIfPresent` and no value.
    case absent(String)
    case array([FuzzValue])
    /// The value written through a single value container.
    case single(FuzzValue)
    /// Writes nothing at all.
    case nothing

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try value.encode(into: &container, key: Key(key)) }
        case .nestedObject, .nestedArray, .superEncoded, .absent:
            var container = encoder.container(keyedBy: Key.self)
            try encode(into: &container, key: Key("wrapper"))
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements {
                switch element {
                case .null: try container.encodeNil()
                case .bool(let value): try container.encode(value)
                case .int(let value): try container.encode(value)
                case .double(let value): try container.encode(value)
                case .string(let value): try container.encode(value)
                case .nestedArray(_, let inner):
                    var nested = container.nestedUnkeyedContainer()
                    for item in inner { try nested.encode(item) }
                case .nestedObject(_, let members):
                    var nested = container.nestedContainer(keyedBy: Key.self)
                    for (key, value) in members { try value.encode(into: &nested, key: Key(key)) }
                case .superEncoded(_, let inner): try inner.encode(to: container.superEncoder())
                default: try container.encode(element)
                }
            }
        case .single(let inner):
            var container = encoder.singleValueContainer()
            try container.encode(inner)
        case .nothing: break
        default:
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .bool(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .int32(let value): try container.encode(value)
            case .uint64(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            case .float(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            case .date(let value): try container.encode(value)
            case .data(let value): try container.encode(value)
            case .decimal(let value): try container.encode(value)
            default: break
            }
        }
    }

    /// Writes this value under `key` with the container method its kind calls for.
    func encode(into container: inout KeyedEncodingContainer<Key>, key: Key) throws {
        switch self {
        case .null: try container.encodeNil(forKey: key)
        case .bool(let value): try container.encode(value, forKey: key)
        case .int(let value): try container.encode(value, forKey: key)
        case .int32(let value): try container.encode(value, forKey: key)
        case .uint64(let value): try container.encode(value, forKey: key)
        case .double(let value): try container.encode(value, forKey: key)
        case .float(let value): try container.encode(value, forKey: key)
        case .string(let value): try container.encode(value, forKey: key)
        case .nestedObject(let name, let members):
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: Key(name))
            for (inner, value) in members { try value.encode(into: &nested, key: Key(inner)) }
        case .nestedArray(let name, let elements):
            var nested = container.nestedUnkeyedContainer(forKey: Key(name))
            for element in elements { try nested.encode(element) }
        case .superEncoded(let name, let inner):
            try inner.encode(to: name.map { container.superEncoder(forKey: Key($0)) } ?? container.superEncoder())
        case .absent(let name): try container.encodeIfPresent(Int?.none, forKey: Key(name))
        default: try container.encode(self, forKey: key)
        }
    }

    static let keyPool = ["a", "b", "B", "_", "a_b", "a1", "a10", "a2", "é", "", "k\u{0}", "\"q\"", "id", "Id", "z"]
    static let stringPool = ["", "x", "line\nbreak", "tab\t", "\u{1}\u{1F}", "quote\"back\\slash/", "é🎉",
                             "\u{2028}", "<b>&amp;</b>"]

    static func random(depth: Int, using generator: inout SplitMix) -> FuzzValue {
        let leafKinds = 11, kinds = depth > 0 ? 20 : leafKinds
        func key() -> String { keyPool[Int(generator.next() % UInt64(keyPool.count))] }
        // A nested container's key is its own: JSONEncoder traps when a nested container is asked for under a key that
        // holds a plain value (`nestedContainersUnderOneKey` covers a key asked for twice).
        func nestedKey() -> String { "nested\(generator.next() % 1_000_000_000)" }
        func children() -> Int { Int(generator.next() % 5) }
        switch Int(generator.next() % UInt64(kinds)) {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .int(Int(truncatingIfNeeded: generator.next()) >> Int(generator.next() % 64))
        case 3: return .int32(Int32(truncatingIfNeeded: generator.next()))
        case 4: return .uint64(generator.next())
        case 5:
            // Mostly finite; now and then NaN or infinity, which both encoders must refuse.
            let special = generator.next() % 40
            return .double(special == 0 ? .nan : special == 1 ? -.infinity : Double(bitPattern: generator.next()))
        case 6: return .float(Float(bitPattern: UInt32(truncatingIfNeeded: generator.next())))
        case 7: return .string(stringPool[Int(generator.next() % UInt64(stringPool.count))] + key())
        case 8: return .date(Date(timeIntervalSince1970: Double(Int64(generator.next() % 4_000_000_000_000)) / 1000))
        case 9: return .data(Data((0..<Int(generator.next() % 9)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }))
        case 10: return .decimal(Decimal(Int(generator.next() % 100_000)) / Decimal(100))
        case 11, 12: return .object((0..<children()).map { _ in (key(), random(depth: depth - 1, using: &generator)) })
        case 13: return .nestedObject(nestedKey(), (0..<children()).map { _ in (key(), random(depth: depth - 1, using: &generator)) })
        case 14: return .nestedArray(nestedKey(), (0..<children()).map { _ in random(depth: depth - 1, using: &generator) })
        case 15: return .superEncoded(generator.next() % 2 == 0 ? nil : nestedKey(), random(depth: depth - 1, using: &generator))
        case 16: return .absent(key())
        case 17: return .array((0..<children()).map { _ in random(depth: depth - 1, using: &generator) })
        case 18: return .single(random(depth: depth - 1, using: &generator))
        default: return generator.next() % 4 == 0 ? .nothing : .array([])
        }
    }
}
