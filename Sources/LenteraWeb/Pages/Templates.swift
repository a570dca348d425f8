/// The page templates (Mustache), compiled into the binary so that Lentera stays one file to deploy.
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "catalogue": catalogue, "course": course, "module": module, "outline": outline,
        "status": status, "notFound": notFound, "tocList": tocList,
    ]

    /// The table of contents, written twice on a module page: open beside the text on wide screens, folded above it
    /// on phones (CSS shows one of the two; no script needed).
    static let tocList = """
        <ol>{{#tableOfContents}}<li class="level-{{level}}"><a href="#{{anchor}}">{{text}}</a></li>{{/tableOfContents}}</ol>
        """

    static let layout = """
        <!DOCTYPE html>
        <html lang="{{chrome.language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{chrome.title}} · Lentera</title>
        <link rel="stylesheet" href="{{chrome.styleURL}}">
        <link rel="icon" href="{{chrome.iconURL}}" type="image/svg+xml">
        </head>
        <body>
        <a class="skip" href="#isi">{{labels.skipToContent}}</a>
        <header class="site">
        <a class="brand" href="/"><img src="{{chrome.iconURL}}" alt="" width="28" height="28"> Lentera</a>
        <nav class="site-nav">
        <a href="/">{{labels.catalogue}}</a>
        <a href="?lang={{labels.switchLanguageCode}}" lang="{{labels.switchLanguageCode}}" hreflang="{{labels.switchLanguageCode}}">{{labels.switchLanguage}}</a>
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
        </li>
        {{/courses}}
        </ul>
        {{/hasCourses}}
        {{^hasCourses}}<p class="empty">{{#isSearch}}{{labels.noResults}}{{/isSearch}}{{^isSearch}}{{labels.noCourses}}{{/isSearch}}</p>{{/hasCourses}}
        {{/content}}{{/layout}}
        """

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
        {{#firstModuleHref}}<p><a class="button" href="{{firstModuleHref}}">{{labels.startCourse}}</a></p>{{/firstModuleHref}}
        <h2>{{labels.contents}}</h2>
        <ol class="outline">
        {{#outline}}{{>outline}}{{/outline}}
        </ol>
        </article>
        {{/content}}{{/layout}}
        """

    static let outline = """
        {{#isSection}}<li class="section"><span class="section-title">{{title}}</span><ol>{{#items}}{{>outline}}{{/items}}</ol></li>{{/isSection}}{{^isSection}}<li><a href="{{href}}">{{title}}</a>{{#minutes}} <span class="minutes">{{minutes}} {{labels.minutes}}</span>{{/minutes}}</li>{{/isSection}}
        """

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
        {{{html}}}
        </article>
        </div>
        <nav class="pager">
        {{#previous}}<a class="previous" rel="prev" href="{{href}}"><span>{{labels.previous}}</span>{{title}}</a>{{/previous}}
        {{^previous}}<a class="previous" href="{{courseHref}}"><span>{{labels.backToCourse}}</span>{{courseTitle}}</a>{{/previous}}
        {{#next}}<a class="next" rel="next" href="{{href}}"><span>{{labels.next}}</span>{{title}}</a>{{/next}}
        {{^next}}<a class="next" href="{{courseHref}}"><span>{{labels.backToCourse}}</span>{{courseTitle}}</a>{{/next}}
        </nav>
        {{/content}}{{/layout}}
        """

    static let status = """
        {{<layout}}{{$content}}
        <h1>{{labels.status}}</h1>
        <p class="lead">{{labels.statusIntro}}</p>
        <p class="meta">{{labels.statusCheckedAt}}: <time datetime="{{checkedAt}}">{{checkedAt}}</time></p>
        <table class="status">
        <thead><tr><th scope="col">{{labels.statusFolder}}</th><th scope="col">{{labels.statusCourse}}</th><th scope="col">{{labels.version}}</th><th scope="col">{{labels.statusState}}</th></tr></thead>
        <tbody>
        {{#entries}}
        <tr class="{{#hasErrors}}bad{{/hasErrors}}">
        <td><code>{{folder}}</code></td>
        <td>{{#href}}<a href="{{href}}">{{title}}</a>{{/href}}{{^href}}—{{/href}}</td>
        <td>{{version}}</td>
        <td>{{#hasErrors}}{{#servingLastGood}}{{labels.statusServingLastGood}}{{/servingLastGood}}{{^servingLastGood}}{{labels.statusNotLoaded}}{{/servingLastGood}}{{/hasErrors}}{{^hasErrors}}{{labels.statusLoaded}}{{/hasErrors}}
        {{#hasProblems}}<ul class="problems">{{#problems}}<li class="{{severity}}"><strong>{{severityLabel}}</strong> <code>{{location}}</code> {{message}}</li>{{/problems}}</ul>{{/hasProblems}}
        </td>
        </tr>
        {{/entries}}
        </tbody>
        </table>
        {{/content}}{{/layout}}
        """

    static let notFound = """
        {{<layout}}{{$content}}
        <h1>{{labels.notFoundTitle}}</h1>
        <p><a href="/">{{labels.notFoundText}}</a></p>
        {{/content}}{{/layout}}
        """
}
