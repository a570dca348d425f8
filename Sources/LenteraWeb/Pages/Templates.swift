/// The page templates (Mustache), compiled into the binary so that Lentera stays one file to deploy: one file per area
/// of the site (`Templates+Area.swift`), their interface text from ``Text`` as `{{labels.key}}`.
enum Templates {
    /// The templates of every area.
    static let areas = [siteTemplates, learnerTemplates, quizTemplates, quizItemTemplates, operatorTemplates, programTemplates, eventTemplates, needsTemplates]

    /// Every template by the name pages and partials use, as ``PageRenderer`` registers them; names are unique across
    /// areas (the templates' tests check it).
    static let all: [String: String] = areas.reduce(into: [:]) { all, area in all.merge(area) { first, _ in first } }
}
