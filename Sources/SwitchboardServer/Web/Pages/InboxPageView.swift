import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardStorage

/// The view an inbox page shows: a built-in view (``InboxView``) or a saved custom view (`view-<id>`), with the
/// saved views for the sidebar.
///
/// Built-in views count from the maintained counters. A saved view's filters are arbitrary, so its number is one
/// capped `COUNT` over the same indexed filters as its list (``ViewRepository/count(_:userID:cap:on:)``), at most
/// 1,001 index entries each; shown as "1000+" above the cap. They are computed on each inbox page view and
/// refreshed by `views.js` (through `GET /inbox-saved-views`) when live ticket events arrive.
struct InboxPageView: Sendable {
    /// One saved view in the sidebar.
    struct Entry: Sendable {
        var key: String
        var label: String
        var href: String
        var count: String
    }

    var key: String
    var label: String
    var href: String
    var query: TicketQuery
    /// The number shown next to the heading ("1000+" above the cap).
    var countText: String
    /// The filters of this page, as a saved view would store them (for "save current filters").
    var filters: SavedViewFilters
    /// Set when the page shows a saved view.
    var savedViewID: Int64?
    var sidebar: [Entry]

    static let savedPrefix = "view-"

    /// "1000+" above `cap`, else the number.
    static func countText(_ count: Int, cap: Int = ViewRepository.countCap) -> String {
        count > cap ? "\(cap)+" : String(count)
    }

    /// The view for `key`, or `nil` when there is none (or it is someone else's personal view).
    /// `withCounts: false` (list fragments, which show no sidebar) skips the saved views' counts.
    static func resolve(
        key: String, layout: WebLayout, accountID: Int64, userID: Int64, withCounts: Bool = true,
        on db: any SQLDatabase
    ) async throws -> InboxPageView? {
        let repository = ViewRepository()
        let saved = try await repository.list(accountID: accountID, userID: userID, on: db)
        var sidebar: [Entry] = []
        var counts: [Int64: Int] = [:]
        for view in saved where withCounts {
            let count = try await repository.count(view, userID: userID, on: db)
            counts[view.id] = count
            sidebar.append(Entry(
                key: savedPrefix + String(view.id), label: view.name, href: "/inbox/" + savedPrefix + String(view.id),
                count: countText(count)))
        }
        if key.hasPrefix(savedPrefix) {
            guard let id = Int64(key.dropFirst(savedPrefix.count)), let view = saved.first(where: { $0.id == id })
            else { return nil }
            return InboxPageView(
                key: key, label: view.name, href: "/inbox/" + key,
                query: view.filters.query(userID: userID, sort: view.sort), countText: countText(counts[id] ?? 0),
                filters: view.filters, savedViewID: id, sidebar: sidebar)
        }
        guard let view = InboxView(key: key, teams: layout.teams) else { return nil }
        return InboxPageView(
            key: view.key, label: view.label, href: view.href, query: view.query(userID: userID),
            countText: String(view.count(in: layout.counts, userID: userID)), filters: builtInFilters(view),
            savedViewID: nil, sidebar: sidebar)
    }

    /// A built-in view's filters in saved-view form ("me" stays "me" for whoever opens the saved copy).
    static func builtInFilters(_ view: InboxView) -> SavedViewFilters {
        let unsolved = TicketStatus.allCases.filter(\.isUnsolved)
        switch view {
        case .mine: return SavedViewFilters(statuses: unsolved, assignee: .me)
        case .unassigned: return SavedViewFilters(statuses: unsolved, assignee: .unassigned)
        case .all: return SavedViewFilters(statuses: unsolved)
        case .pending: return SavedViewFilters(statuses: [.pending])
        case .solved: return SavedViewFilters(statuses: [.solved])
        case .team(let id, _): return SavedViewFilters(statuses: unsolved, teamIDs: [id])
        }
    }

    /// The sidebar list and the "save current filters" form, with the toolbar's priority, tag and sort applied.
    func panelHTML(priority: TicketPriority?, tag: String, sort: String, canShare: Bool) -> String {
        var current = filters
        if let priority { current.priorities = [priority] }
        if !tag.isEmpty, !current.tags.contains(tag) { current.tags.append(tag) }
        let json = (try? APIJSON.encoder.encode(current)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let entries = sidebar.map { entry -> [String: Any] in
            ["key": entry.key, "label": entry.label, "href": entry.href, "count": entry.count,
             "current": entry.key == key]
        }
        return WorkspaceFragments.render(.savedViews, WebModel.compact([
            "views": entries, "hasViews": !entries.isEmpty, "filtersJSON": json, "sort": sort,
            "canShare": canShare ? true : nil, "savedViewID": savedViewID,
        ]))
    }
}
