import Foundation

/// Figures from graded attempts: results per learner, pre/post learning gain, and item statistics.
public enum QuizReports {
    /// One learner's results at one quiz.
    public struct LearnerResult: Sendable, Equatable {
        public var accountID: Int64
        public var attempts: Int
        /// The best percentage among fully graded attempts, nil while none is.
        public var best: Double?
        /// The first graded attempt's percentage (a pre-test counts its first try).
        public var first: Double?
        public var passed: Bool
    }

    /// Results per learner, ordered by account id.
    public static func results(_ attempts: [QuizAttempt]) -> [LearnerResult] {
        let byAccount = Dictionary(grouping: attempts.filter { $0.submittedAt != nil }, by: \.accountID)
        return byAccount.keys.sorted().map { accountID in
            let mine = byAccount[accountID]!.sorted { $0.number < $1.number }
            let graded = mine.filter { !$0.needsGrading }.compactMap(\.percentage)
            return LearnerResult(
                accountID: accountID, attempts: mine.count, best: graded.max(),
                first: mine.first.flatMap { $0.needsGrading ? nil : $0.percentage },
                passed: mine.contains { $0.passed == true }
            )
        }
    }

    /// The learning gain between a pre-test and a post-test over learners who took both.
    public struct Gain: Sendable, Equatable {
        public var learners: Int
        /// Mean pre-test percentage (the first attempt, once graded).
        public var averagePre: Double
        /// Mean post-test percentage (best attempt).
        public var averagePost: Double
        /// Post minus pre, in percentage points.
        public var gain: Double
        /// Hake's normalized gain of the means: (post − pre) / (100 − pre); nil when the pre-test mean is 100.
        public var normalized: Double?
    }

    /// The gain over learners with a graded pre-test and post-test; nil when nobody has both.
    public static func gain(pre: [QuizAttempt], post: [QuizAttempt]) -> Gain? {
        let preByAccount = Dictionary(results(pre).compactMap { result in result.first.map { (result.accountID, $0) } }, uniquingKeysWith: { a, _ in a })
        let postByAccount = Dictionary(results(post).compactMap { result in result.best.map { (result.accountID, $0) } }, uniquingKeysWith: { a, _ in a })
        let both = preByAccount.keys.filter { postByAccount[$0] != nil }
        guard !both.isEmpty else { return nil }
        let averagePre = both.reduce(0) { $0 + preByAccount[$1]! } / Double(both.count)
        let averagePost = both.reduce(0) { $0 + postByAccount[$1]! } / Double(both.count)
        return Gain(
            learners: both.count, averagePre: averagePre, averagePost: averagePost, gain: averagePost - averagePre,
            normalized: averagePre < 100 ? (averagePost - averagePre) / (100 - averagePre) : nil
        )
    }

    /// How one question performed.
    public struct ItemStatistic: Sendable, Equatable {
        public var itemID: String
        /// The question's title, or the start of its prompt.
        public var label: String
        /// Attempts that showed the question.
        public var responses: Int
        /// Difficulty index p: the mean share of the points earned, 0 (nobody) to 1 (everybody).
        public var difficulty: Double?
        /// Corrected item–total correlation (point-biserial for right/wrong items): how well the question separates
        /// learners who did well on the rest of the quiz from those who did not. Nil with too few attempts or no spread.
        public var discrimination: Double?
        /// For choice questions: each choice with how often it was picked.
        public var choices: [(id: String, text: String, picked: Int, correct: Bool)]

        public static func == (lhs: ItemStatistic, rhs: ItemStatistic) -> Bool {
            lhs.itemID == rhs.itemID && lhs.responses == rhs.responses && lhs.difficulty == rhs.difficulty
                && lhs.discrimination == rhs.discrimination && lhs.choices.map(\.picked) == rhs.choices.map(\.picked)
        }
    }

    /// Statistics per question over graded attempts; essays count once graded.
    public static func itemStatistics(_ attempts: [QuizAttempt], answers: [Int64: [String: QuizAnswer]]) -> [ItemStatistic] {
        let graded = attempts.filter { $0.submittedAt != nil }
        // Fractions earned per attempt and item.
        var fractions: [Int64: [String: Double]] = [:]
        var order: [String] = []
        var latest: [String: QuizItem] = [:]
        var picks: [String: [String: Int]] = [:]
        for attempt in graded {
            let result = AttemptGrading.grade(items: attempt.items, answers: answers[attempt.id] ?? [:])
            for item in attempt.items where item.isAnswerable {
                if latest[item.id] == nil { order.append(item.id) }
                latest[item.id] = item
                guard let score = result.perItem[item.id], !score.needsGrading, score.maximum > 0 else { continue }
                fractions[attempt.id, default: [:]][item.id] = score.points / score.maximum
                if case .choices(let chosen) = answers[attempt.id]?[item.id]?.response {
                    for id in chosen { picks[item.id, default: [:]][id, default: 0] += 1 }
                }
            }
        }
        return order.map { itemID in
            let item = latest[itemID]!
            let rows = graded.compactMap { attempt -> (item: Double, rest: Double)? in
                guard let scores = fractions[attempt.id], let mine = scores[itemID] else { return nil }
                // The rest of the attempt as the mean share earned on its other questions: comparable between
                // attempts that drew different questions.
                let others = scores.filter { $0.key != itemID }.values
                return others.isEmpty ? nil : (mine, others.reduce(0, +) / Double(others.count))
            }
            let difficulty = rows.isEmpty ? nil : rows.reduce(0) { $0 + $1.item } / Double(rows.count)
            var choices: [(id: String, text: String, picked: Int, correct: Bool)] = []
            if case .choice(let options, _) = item.interaction {
                choices = options.map { ($0.id, $0.text, picks[itemID]?[$0.id] ?? 0, $0.weight > 0) }
            }
            let label = item.title ?? String(item.prompt.split(whereSeparator: \.isNewline).first ?? "").trimmingSpaces()
            return ItemStatistic(
                itemID: itemID, label: String(label.prefix(80)), responses: rows.count,
                difficulty: difficulty.map { ($0 * 1000).rounded() / 1000 },
                discrimination: correlation(rows.map(\.item), rows.map(\.rest)).map { ($0 * 1000).rounded() / 1000 }, choices: choices
            )
        }
    }

    /// Pearson's correlation; nil below three pairs or without spread in either variable.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var covariance = 0.0
        var varianceX = 0.0
        var varianceY = 0.0
        for (a, b) in zip(x, y) {
            covariance += (a - meanX) * (b - meanY)
            varianceX += (a - meanX) * (a - meanX)
            varianceY += (b - meanY) * (b - meanY)
        }
        guard varianceX > 1e-12, varianceY > 1e-12 else { return nil }
        return covariance / (varianceX * varianceY).squareRoot()
    }
}
