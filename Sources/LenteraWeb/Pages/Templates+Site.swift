/// The templates of the pages every visitor sees: the layout, the catalogue, a course and a module, the author's
/// status page, a page that was not found, and the message that answers a refused or failed request.
extension Templates {
    /// The templates of this area, by the names pages and partials use.
    static let siteTemplates: [String: String] = [
        "layout": layout, "catalogue": catalogue, "course": course, "outline": outline, "module": module, "tocList": tocList, "status": status,
        "notFound": notFound, "message": message,
    ]

    /// The frame of every page: head, header with the menu and the account region, breadcrumb, main and footer.
    static let layout = """
        <!DOCTYPE html>
        <html lang="{{chrome.language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{chrome.title}} · Lentera</title>
        <link rel="stylesheet" href="{{chrome.styleURL}}">
        <link rel="icon" href="{{chrome.iconURL}}" type="image/svg+xml">
        <link rel="manifest" href="/manifest.webmanifest">
        <meta name="theme-color" content="#0b5d4b">
        <script src="{{chrome.scriptURL}}" defer></script>
        </head>
        <body>
        <a class="skip" href="#isi">{{labels.skipToContent}}</a>
        <header class="site">
        <a class="brand" href="/"><img src="{{chrome.iconURL}}" alt="" width="28" height="28"> Lentera</a>
        <nav class="site-nav" aria-label="{{labels.mainMenu}}">
        <a href="/">{{labels.catalogue}}</a>
        <a href="?lang={{labels.switchLanguageCode}}" lang="{{labels.switchLanguageCode}}" hreflang="{{labels.switchLanguageCode}}">{{labels.switchLanguage}}</a>
        <!--lentera:akun--><a href="/masuk">{{labels.signIn}}</a><!--/lentera:akun-->
        </nav>
        </header>
        {{#chrome.hasBreadcrumbs}}
        <nav class="breadcrumb" aria-label="{{labels.breadcrumb}}"><ol>
        {{#chrome.breadcrumbs}}<li>{{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}<span aria-current="page">{{text}}</span>{{/href}}</li>{{/chrome.breadcrumbs}}
        </ol></nav>
        {{/chrome.hasBreadcrumbs}}
        <main id="isi">
        {{$content}}{{/content}}
        </main>
        <footer class="site">{{labels.footer}}</footer>
        </body>
        </html>

        """

    /// The catalogue: search, categories, the courses' cards, and the modules that hold the words searched.
    static let catalogue = """
        {{<layout}}{{$content}}
        <h1>{{labels.catalogue}}</h1>
        <p class="lead">{{labels.catalogueIntro}}</p>
        <form class="search" method="get" action="/" role="search">
        <label for="q" class="visually-hidden">{{labels.search}}</label>
        <input id="q" name="q" type="search" value="{{query}}" placeholder="{{labels.searchPlaceholder}}">
        <label for="kategori" class="visually-hidden">{{labels.category}}</label>
        <select id="kategori" name="kategori">
        <option value="">{{labels.allCategories}}</option>
        {{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/categories}}
        </select>
        <button type="submit">{{labels.search}}</button>
        </form>
        <nav class="filters" aria-label="{{labels.filterCategory}}">
        <a href="/"{{^hasCategory}} aria-current="true"{{/hasCategory}}>{{labels.allCategories}}</a>
        {{#categories}}<a href="/?kategori={{value}}"{{#selected}} aria-current="true"{{/selected}}>{{name}}</a>{{/categories}}
        </nav>
        {{#isSearch}}<h2 class="results">{{labels.resultsFor}}: {{resultCount}}</h2>{{/isSearch}}
        {{#hasCourses}}
        <ul class="cards">
        {{#courses}}
        <li class="card">
        <h2><a href="{{href}}">{{title}}</a></h2>
        {{#summary}}<p>{{summary}}</p>{{/summary}}
        <p class="meta">{{#categoryName}}<span class="tag">{{categoryName}}</span> {{/categoryName}}<span>{{jp}} {{labels.jp}}</span> · <span>{{moduleCount}} {{labels.modules}}</span>{{#minutes}} · <span>{{minutes}} {{labels.minutes}}</span>{{/minutes}}</p>
        <!--lentera:kursus:{{id}}--><!--/lentera:kursus:{{id}}-->
        </li>
        {{/courses}}
        </ul>
        {{/hasCourses}}
        {{^hasCourses}}{{#hasModuleHits}}<p class="meta"><a href="#di-dalam-modul">{{labels.noResultsButModules}}</a></p>{{/hasModuleHits}}{{^hasModuleHits}}<p class="empty">{{#isSearch}}{{labels.noResults}}{{/isSearch}}{{^isSearch}}{{labels.noCourses}}{{/isSearch}}</p>{{/hasModuleHits}}{{/hasCourses}}
        {{#hasModuleHits}}
        <section class="module-hits" aria-labelledby="di-dalam-modul">
        <h2 id="di-dalam-modul" class="results">{{labels.insideModules}}: {{moduleHitCount}}</h2>
        {{^moduleHitsMatchEveryWord}}<p class="meta">{{labels.insideModulesSomeWords}}</p>{{/moduleHitsMatchEveryWord}}
        <ol class="hits">
        {{#moduleHits}}<li><a href="{{href}}">{{moduleTitle}}</a> <span class="meta">{{courseTitle}}</span><p class="snippet">{{{snippetHTML}}}</p></li>
        {{/moduleHits}}
        </ol>
        </section>
        {{/hasModuleHits}}
        {{/content}}{{/layout}}
        """

    /// A course: its facts, the learner's region, "Mulai belajar", the outline and the quizzes.
    static let course = """
        {{<layout}}{{$content}}
        <article class="course">
        <h1>{{title}}</h1>
        {{#summary}}<p class="lead">{{summary}}</p>{{/summary}}
        <dl class="facts">
        <div><dt>{{labels.jp}}</dt><dd>{{jp}}</dd></div>
        {{#minutes}}<div><dt>{{labels.estimatedTime}}</dt><dd>{{minutes}} {{labels.minutes}}</dd></div>{{/minutes}}
        <div><dt>{{labels.moduleCountTitle}}</dt><dd>{{moduleCount}}</dd></div>
        {{#categoryName}}<div><dt>{{labels.category}}</dt><dd>{{categoryName}}</dd></div>{{/categoryName}}
        <div><dt>{{labels.version}}</dt><dd>{{version}}</dd></div>
        </dl>
        <!--lentera:kemajuan--><!--/lentera:kemajuan-->
        <!--lentera:mulai-->{{#firstModuleHref}}{{>startCourse}}{{/firstModuleHref}}<!--/lentera:mulai-->
        <h2>{{labels.contents}}</h2>
        <ol class="outline">
        {{#outline}}{{>outline}}{{/outline}}
        </ol>
        {{#hasQuizzes}}<h2>{{labels.quizzes}}</h2>
        <ul class="outline">{{#quizzes}}<li><a href="{{href}}">{{title}}</a> <span class="minutes">{{questions}}</span></li>{{/quizzes}}</ul>{{/hasQuizzes}}
        </article>
        {{/content}}{{/layout}}
        """

    /// One entry of a course's outline: a section with its entries, or a module with its minutes.
    static let outline = """
        {{#isSection}}<li class="section"><span class="section-title">{{title}}</span><ol>{{#items}}{{>outline}}{{/items}}</ol></li>{{/isSection}}{{^isSection}}<li><a href="{{href}}">{{title}}</a>{{#minutes}} <span class="minutes">{{minutes}} {{labels.minutes}}</span>{{/minutes}}</li>{{/isSection}}
        """

    /// A module: its table of contents, the text, the learner's regions, and the previous and next modules.
    static let module = """
        {{<layout}}{{$content}}
        <div class="module-layout">
        {{#hasTableOfContents}}
        <details class="toc-compact"><summary>{{labels.onThisPage}}</summary>{{>tocList}}</details>
        <nav class="toc" aria-labelledby="toc-title">
        <h2 id="toc-title">{{labels.onThisPage}}</h2>
        {{>tocList}}
        </nav>
        {{/hasTableOfContents}}
        <article class="module">
        <p class="meta"><a href="{{courseHref}}">{{courseTitle}}</a>{{#sectionTitle}} · {{sectionTitle}}{{/sectionTitle}}{{#minutes}} · {{minutes}} {{labels.minutes}}{{/minutes}} · {{position}}/{{moduleCount}}</p>
        <!--lentera:kemajuan--><!--/lentera:kemajuan-->
        {{{html}}}
        <!--lentera:umpan-balik--><!--/lentera:umpan-balik-->
        </article>
        </div>
        <nav class="pager" aria-label="{{labels.modulePages}}">
        {{#previous}}<a class="previous" rel="prev" href="{{href}}"><span>{{labels.previous}}</span>{{title}}</a>{{/previous}}
        {{^previous}}<a class="previous" href="{{courseHref}}"><span>{{labels.backToCourse}}</span>{{courseTitle}}</a>{{/previous}}
        {{#next}}<a class="next" rel="next" href="{{href}}"><span>{{labels.next}}</span>{{title}}</a>{{/next}}
        {{^next}}<a class="next" href="{{courseHref}}"><span>{{labels.backToCourse}}</span>{{courseTitle}}</a>{{/next}}
        </nav>
        {{/content}}{{/layout}}
        """

    /// The table of contents, written twice on a module page: open beside the text on wide screens, folded above it
    /// on phones (CSS shows one of the two; no script needed).
    static let tocList = """
        <ol>{{#tableOfContents}}<li class="level-{{level}}"><a href="#{{anchor}}">{{text}}</a></li>{{/tableOfContents}}</ol>
        """

    /// The author's status page: each course folder, loaded or not, with the problems found in it.
    static let status = """
        {{<layout}}{{$content}}
        <h1>{{labels.status}}</h1>
        <p class="lead">{{labels.statusIntro}}</p>
        <p class="meta">{{labels.statusCheckedAt}}: <time datetime="{{checkedAt}}">{{checkedAtText}}</time></p>
        <table class="status" tabindex="0">
        <thead><tr><th scope="col">{{labels.statusFolder}}</th><th scope="col">{{labels.statusCourse}}</th><th scope="col">{{labels.version}}</th><th scope="col">{{labels.statusState}}</th></tr></thead>
        <tbody>
        {{#entries}}
        <tr class="{{#hasErrors}}bad{{/hasErrors}}">
        <td><code>{{folder}}</code></td>
        <td>{{#href}}<a href="{{href}}">{{title}}</a>{{/href}}{{^href}}—{{/href}}</td>
        <td>{{version}}</td>
        <td>{{#hasErrors}}{{#servingLastGood}}{{labels.statusServingLastGood}}{{#keptCopy}} {{labels.statusKeptCopy}} <code>{{keptCopy}}</code> {{labels.statusKeptCopySaved}} <time datetime="{{keptCopySaved}}">{{keptCopySavedText}}</time>{{/keptCopy}}, {{labels.statusBecause}}:{{/servingLastGood}}{{^servingLastGood}}{{labels.statusNotLoaded}}{{/servingLastGood}}{{/hasErrors}}{{^hasErrors}}{{labels.statusLoaded}}{{/hasErrors}}
        {{#hasProblems}}<ul class="problems">{{#problems}}<li class="{{severity}}"><strong>{{severityLabel}}</strong> <code>{{location}}</code> {{message}}</li>{{/problems}}</ul>{{/hasProblems}}
        </td>
        </tr>
        {{/entries}}
        </tbody>
        </table>
        <!--lentera:umpan-balik--><!--/lentera:umpan-balik-->
        {{/content}}{{/layout}}
        """

    /// The page for an address that does not exist.
    static let notFound = """
        {{<layout}}{{$content}}
        <h1>{{labels.notFoundTitle}}</h1>
        <p><a href="/">{{labels.notFoundText}}</a></p>
        {{/content}}{{/layout}}
        """

    /// A short message with a link back: a refused request, a failure, a certificate not on record.
    static let message = """
        {{<layout}}{{$content}}
        <div class="narrow">
        <h1>{{heading}}</h1>
        <p>{{text}}</p>
        <p><a href="{{backHref}}">{{backText}}</a></p>
        </div>
        {{/content}}{{/layout}}
        """
}
