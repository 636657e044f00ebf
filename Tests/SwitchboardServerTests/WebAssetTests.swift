import Foundation
import Hummingbird
import HummingbirdTesting
import Mustache
import Testing

@testable import SwitchboardServer

@Suite("Web assets and templates")
struct WebAssetTests {
    @Test("assets are served under hashed names with type, strong ETag and immutable caching")
    func hashedAssets() async throws {
        try await WebFixtures.withWeb { _, client in
            let assets = WebAssets.standard
            for name in ["app.css", "app.js", "theme.js", "inbox.js", "ticket.js", "live.js", "shortcuts.js",
                         "admin.js", "icon.svg"] {
                let asset = try #require(assets[name])
                #expect(asset.path.hasPrefix("/assets/"))
                #expect(asset.path != "/assets/" + name)
                try await client.execute(uri: asset.path, method: .get) { response in
                    #expect(response.status == .ok, "\(name)")
                    #expect(response.headers[.contentType] == asset.contentType)
                    #expect(response.headers[.eTag] == asset.etag)
                    #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                    #expect(Array(buffer: response.body) == asset.bytes)
                }
                try await client.execute(uri: asset.path, method: .get, headers: [.ifNoneMatch: asset.etag]) {
                    #expect($0.status == .notModified)
                }
                try await client.execute(uri: "/assets/" + name, method: .get) {
                    #expect($0.status == .ok)
                    #expect($0.headers[.cacheControl] == "no-cache")
                }
            }
            try await client.execute(uri: "/assets/nope.js", method: .get) { #expect($0.status == .notFound) }
            #expect(assets["app.css"]?.contentType == "text/css; charset=utf-8")
            #expect(assets["app.js"]?.contentType == "text/javascript; charset=utf-8")
        }
    }

    @Test("every template parses and the layout links the hashed assets")
    func templatesParse() throws {
        let renderer = try WebRenderer()
        let html = renderer.html(.error, ["title": "T", "message": "M"])
        #expect(html.contains(WebAssets.standard["app.css"]!.path))
    }

    @Test("the inbox page stays small: HTML + CSS + JS under 150 KB")
    func pageWeight() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let html = try await client.execute(uri: "/inbox/all", method: .get, headers: account.cookie) {
                $0.body.readableBytes
            }
            let assets = ["app.css", "theme.js", "app.js", "live.js", "shortcuts.js", "inbox.js", "icon.svg"]
                .compactMap { WebAssets.standard[$0]?.bytes.count }.reduce(0, +)
            #expect(html + assets < 150 * 1024)
        }
    }
}
