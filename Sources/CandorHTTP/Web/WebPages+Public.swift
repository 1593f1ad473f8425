import CandorCore
import CandorRegistry
import Foundation

extension WebPages {
    func homeContext(_ reader: Reader) -> [String: Any] {
        let tiers = reader.policy.tiers
        return [
            "base": service.policy.score.base, "responseDays": service.policy.disputeResponseDays,
            "tiers": tiers.enumerated().map { index, tier in
                ["title": tier.title, "min": tier.min, "last": index == tiers.count - 1] as [String: Any]
            },
        ]
    }

    func policyContext(_ reader: Reader) -> [String: Any] {
        let policy = reader.policy
        let language = reader.language
        func title(ofAction id: String) -> String {
            policy.actions.first { $0.id == id }?.title ?? policy.privileges.first { $0.id == id }?.title ?? id
        }
        return [
            "policyTitle": policy.title, "base": policy.score.base, "min": policy.score.min, "max": policy.score.max,
            "disputeRules": PolicyWords.disputes(policy).text(in: language),
            "repairRules": PolicyWords.repair(policy)?.text(in: language) ?? false,
            "tiers": policy.tiers.map { ["title": $0.title, "min": $0.min] },
            "kinds": policy.kinds.map { kind -> [String: Any] in
                [
                    "id": kind.id, "title": kind.title, "points": formatPoints(kind.points),
                    "fulfilledPoints": formatPoints(kind.fulfilledPoints), "lastsDays": kind.lastsDays,
                    "decay": kind.decay == .linear ? reader.say("linearly") : reader.say("no"),
                    "cap": kind.cap.map { formatPoints($0) } ?? reader.say("none"),
                    "subjects": kind.subjects.map { $0 == .person ? reader.say("people") : reader.say("organisations") }
                        .joined(
                            separator: reader.say(" and ")),
                    "agencies": policy.agencies.filter { $0.kinds.contains(kind.id) }.map(\.title).joined(
                        separator: reader.say(", ")),
                    "repair": PolicyWords.repair(kind)?.text(in: language) ?? false,
                    "legalBasis": kind.legalBasis.isEmpty ? false : kind.legalBasis,
                ]
            },
            "lists": policy.lists.map { list -> [String: Any] in
                [
                    "title": list.title, "legalBasis": list.legalBasis, "maxDays": list.maxDays,
                    "notice": PolicyWords.notice(list)?.text(in: language) ?? false,
                    "minors": PolicyWords.minors.text(in: language),
                    "permits": PolicyWords.permits(list, in: policy)?.text(in: language) ?? false,
                    "officers": PolicyWords.bindsOfficers(list, in: policy)?.text(in: language) ?? false,
                    "remedy": list.remedy.isEmpty ? reader.say("None stated.") : list.remedy,
                    "restrictions": list.restricts.map { action in
                        ["title": title(ofAction: action), "legalBasis": list.measure(for: action) ?? ""]
                    },
                    "kinds": list.kinds.map { id in policy.kind(id)?.title ?? id }.joined(separator: reader.say("; ")),
                ]
            },
            "privileges": policy.privileges.map {
                ["title": $0.title, "tier": policy.tier($0.minTier)?.title ?? $0.minTier]
            },
            "actions": policy.actions.map { ["id": $0.id, "title": $0.title] },
        ]
    }

    func statisticsContext(_ document: StatisticsDocument, _ counts: [RecordCount], _ reader: Reader)
        -> [String: Any]
    {
        let titles = Dictionary(uniqueKeysWithValues: reader.policy.tiers.map { ($0.id, $0.title) })
        let tierChart = reader.chart(
            BarChart(
                title: reader.say("Subjects per tier"), categories: document.tiers.map { titles[$0.id] ?? $0.title },
                series: [
                    .init(label: reader.say("Subjects"), values: document.tiers.map(\.count), colour: "#1f4e79")
                ]))
        let histogram = BarChart.histogram(
            title: reader.say("Score distribution"), width: RatingSummary.defaultBandWidth,
            bands: Dictionary(document.histogram.map { ($0.from, $0.count) }, uniquingKeysWith: +),
            reader: reader)
        let years = Array(Set(counts.map(\.year))).sorted()
        let agencies = reader.policy.agencies
        let palette = ["#1f4e79", "#d9822b", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#546e7a"]
        let agencyChart = reader.chart(
            BarChart(
                title: reader.say("Records per year by agency"), categories: years.map(String.init),
                series: agencies.enumerated().map { index, agency in
                    .init(
                        label: agency.title,
                        values: years.map { year in
                            counts.first { $0.agency == agency.id && $0.year == year }?.count ?? 0
                        }, colour: palette[index % palette.count])
                }))
        let lists = Dictionary(uniqueKeysWithValues: reader.policy.lists.map { ($0.id, $0.title) })
        return [
            "asOf": reader.day(document.asOf), "subjects": grouped(document.subjects),
            "people": grouped(document.people), "organizations": grouped(document.organizations),
            "tierChart": tierChart, "histogramChart": histogram.svg, "histogramCaption": histogram.caption,
            "agencyChart": agencyChart,
            "tiers": document.tiers.map {
                ["title": titles[$0.id] ?? $0.title, "min": $0.min, "count": grouped($0.count)]
            },
            "lists": document.lists.map {
                ["title": lists[$0.id] ?? $0.title, "count": grouped($0.count), "people": grouped($0.people)]
            },
        ]
    }

    func boardContext(_ board: [AgencyStanding], sort: String, _ reader: Reader) -> [String: Any] {
        let columns: [(key: String, title: String, number: Bool)] = [
            ("title", "Agency", false), ("recordsSubmitted", "Records", true), ("disputesReceived", "Disputes", true),
            ("disputesOpen", "Open", true), ("shareOverturned", "Overturned", true),
            ("medianAnswerDays", "Median answer (days)", true), ("averageReview", "Average review", true),
            ("reviews", "Reviews", true),
        ].map { ($0.0, reader.say($0.1), $0.2) }
        let titles = Dictionary(uniqueKeysWithValues: reader.policy.agencies.map { ($0.id, $0.title) })
        let labels = Dictionary(uniqueKeysWithValues: columns.map { ($0.key, $0.title) })
        func key(_ standing: AgencyStanding) -> Double {
            switch sort {
            case "disputesReceived": Double(standing.disputesReceived)
            case "disputesOpen": Double(standing.disputesOpen)
            case "shareOverturned": standing.shareOverturned ?? -1
            case "medianAnswerDays": standing.medianAnswerDays ?? -1
            case "averageReview": standing.averageReview ?? -1
            case "reviews": Double(standing.reviews)
            default: Double(standing.recordsSubmitted)
            }
        }
        let rows =
            sort == "title"
            ? board.sorted { (titles[$0.id] ?? $0.title) < (titles[$1.id] ?? $1.title) }
            : board.sorted { key($0) > key($1) }
        func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "—" }
        return [
            "columns": columns.enumerated().map { index, column in
                [
                    "key": column.key, "title": column.title, "number": column.number, "sorted": column.key == sort,
                    "last": index == columns.count - 1,
                ]
            },
            "rows": rows.map { standing -> [String: Any] in
                [
                    "label": labels, "title": titles[standing.id] ?? standing.title,
                    "recordsSubmitted": grouped(standing.recordsSubmitted),
                    "disputesReceived": grouped(standing.disputesReceived),
                    "disputesOpen": grouped(standing.disputesOpen),
                    "shareOverturned": number(standing.shareOverturned.map { $0 * 100 }, "%.0f%%"),
                    "medianAnswerDays": number(standing.medianAnswerDays, "%.1f"),
                    "averageReview": number(standing.averageReview, "%.1f"), "reviews": grouped(standing.reviews),
                ]
            },
        ]
    }
}
