import LenteraCore
import Mustache

// Template contexts answer Mustache's look-ups by name instead of through Mirror: reflection made rendering
// 1,000 module pages at start-up take seconds (profiled with perf).

extension Chrome: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "language": language
        case "title": title
        case "styleURL": styleURL
        case "iconURL": iconURL
        case "scriptURL": scriptURL
        case "breadcrumbs": breadcrumbs
        case "hasBreadcrumbs": hasBreadcrumbs
        default: nil
        }
    }
}

extension Chrome.Crumb: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "href": href
        default: nil
        }
    }
}

extension CategoryOption: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "name": self.name
        case "selected": selected
        default: nil
        }
    }
}

extension CourseCard: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "href": href
        case "title": title
        case "summary": summary
        case "categoryName": categoryName
        case "jp": jp
        case "moduleCount": moduleCount
        case "minutes": minutes
        default: nil
        }
    }
}

extension CataloguePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "query": query
        case "categories": categories
        case "hasCategory": hasCategory
        case "isSearch": isSearch
        case "courses": courses
        case "hasCourses": hasCourses
        case "resultCount": resultCount
        case "moduleHits": moduleHits
        case "hasModuleHits": !moduleHits.isEmpty
        case "moduleHitCount": moduleHits.count
        case "moduleHitsMatchEveryWord": moduleHitsMatchEveryWord
        default: nil
        }
    }
}

extension ModuleHitCard: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "moduleTitle": moduleTitle
        case "courseTitle": courseTitle
        case "snippetHTML": snippetHTML
        default: nil
        }
    }
}

extension OutlineNode: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "isSection": isSection
        case "title": title
        case "href": href
        case "minutes": minutes
        case "items": items
        case "labels": labels
        default: nil
        }
    }
}

extension CoursePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "summary": summary
        case "jp": jp
        case "minutes": minutes
        case "moduleCount": moduleCount
        case "categoryName": categoryName
        case "version": version
        case "firstModuleHref": firstModuleHref
        // Where the startCourse partial links to, on the page every visitor gets.
        case "startHref": firstModuleHref
        case "outline": outline
        case "quizzes": quizzes
        case "hasQuizzes": hasQuizzes
        default: nil
        }
    }
}

extension CoursePage.QuizLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "title": title
        case "questions": questions
        default: nil
        }
    }
}

extension ModuleLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "title": title
        default: nil
        }
    }
}

extension Heading: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "level": level
        case "text": text
        case "anchor": anchor
        default: nil
        }
    }
}

extension ModulePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "html": html
        case "courseTitle": courseTitle
        case "courseHref": courseHref
        case "sectionTitle": sectionTitle
        case "minutes": minutes
        case "position": position
        case "moduleCount": moduleCount
        case "tableOfContents": tableOfContents
        case "hasTableOfContents": hasTableOfContents
        case "previous": previous
        case "next": next
        default: nil
        }
    }
}

extension StatusProblem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "severity": severity
        case "severityLabel": severityLabel
        case "location": location
        case "message": message
        default: nil
        }
    }
}

extension StatusEntry: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "folder": folder
        case "title": title
        case "href": href
        case "version": version
        case "hasErrors": hasErrors
        case "servingLastGood": servingLastGood
        case "keptCopy": keptCopy
        case "keptCopySaved": keptCopySaved
        case "keptCopySavedText": keptCopySavedText
        case "problems": problems
        case "hasProblems": hasProblems
        default: nil
        }
    }
}

extension StatusPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "checkedAt": checkedAt
        case "checkedAtText": checkedAtText
        case "entries": entries
        default: nil
        }
    }
}

extension NotFoundPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        default: nil
        }
    }
}
