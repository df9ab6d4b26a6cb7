<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="129" />
        <source>Choose folders to search</source>
        <translation>选择要搜索的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="131" />
        <source>Pick the folders that hold your documents: PDFs, Word files, notes, web pages, e-books, in Chinese or English. They are indexed on this computer and never leave it. Search by meaning as well as by keywords.</source>
        <translation>选择存放文档的文件夹：PDF、Word 文件、笔记、网页、电子书，中文或英文均可。索引只在这台电脑上建立，文档不会离开这台电脑。既可以按意思搜索，也可以按关键词搜索。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="135" />
        <source>Choose a folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="140" />
        <source>Nothing found for “%1” yet</source>
        <translation>暂未找到“%1”</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="142" />
        <source>Indexing paused</source>
        <translation>索引已暂停</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="144" />
        <source>Indexing your documents…</source>
        <translation>正在为文档建立索引…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="148" />
        <source>%1 of %2 files read</source>
        <translation>已读取 %1 / %2 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="155" />
        <source>Not every document is indexed yet; results appear as they are.</source>
        <translation>还有文档尚未建立索引；索引完成后会出现在结果中。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="160" />
        <source>%1 documents can be searched already; matches by meaning follow as the text is understood.</source>
        <translation>已可搜索 %1 个文档；理解文本内容后，按意思匹配的结果会陆续出现。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="167" />
        <source>You can search already: results appear as files are read, and matches by meaning follow as the text is understood.</source>
        <translation>现在就可以搜索：文件读取后即出现在结果中，理解文本内容后，按意思匹配的结果会陆续出现。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="175" />
        <source>No documents match “%1”</source>
        <translation>没有与“%1”匹配的文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="178" />
        <source>Try fewer or more general words.</source>
        <translation>试试更少或更笼统的词语。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="181" />
        <source>Keyword mode needs the exact words; try matching by meaning.</source>
        <translation>关键词模式需要完全相同的词语；试试按意思匹配。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="183" />
        <source>Search by meaning</source>
        <translation>按意思搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="185" />
        <source>Meaning mode skips exact words; try keywords too.</source>
        <translation>意思模式不看具体词语；也试试关键词。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="186" />
        <source>Search keywords and meaning</source>
        <translation>同时按关键词和意思搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="188" />
        <source>Check the spelling, or describe what the document is about.</source>
        <translation>检查拼写，或者描述文档的大致内容。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="190" />
        <source>Filters are on: they may hide what you are looking for.</source>
        <translation>筛选条件已开启：它们可能挡住了你要找的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="191" />
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="195" />
        <source>What are you looking for?</source>
        <translation>你想找什么？</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="198" />
        <source>%1 documents are ready to search. Type words, a phrase or a question; use ↑ ↓ to move through results and Enter to open one.</source>
        <translation>%1 个文档可供搜索。输入词语、短语或问题；用 ↑ ↓ 浏览结果，按 Enter 打开。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="202" />
        <source>Type words, a phrase or a question.</source>
        <translation>输入词语、短语或问题。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="204" />
        <source>Search is not available right now</source>
        <translation>暂时无法搜索</translation>
    </message>
</context>
<context>
    <name>ErrorsDialog</name>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="79" />
        <source>Files that could not be read</source>
        <translation>无法读取的文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="80" />
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="81" />
        <source>Copy list</source>
        <translation>复制列表</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="88" />
        <source>Every file was read. Nothing is missing from search.</source>
        <translation>所有文件都已读取，搜索没有遗漏。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="92" />
        <source>This file could not be read, so its text is not searchable. Everything else is indexed. Fix or replace the file and it is read again automatically.</source>
        <translation>这个文件无法读取，因此其中的文字无法搜索。其他文件均已建立索引。修复或替换该文件后，会自动重新读取。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="100" />
        <source>These %1 files could not be read, so their text is not searchable. Everything else is indexed. Fix or replace a file and it is read again automatically.</source>
        <translation>这 %1 个文件无法读取，因此其中的文字无法搜索。其他文件均已建立索引。修复或替换文件后，会自动重新读取。</translation>
    </message>
</context>
<context>
    <name>FailuresModel</name>
    <message>
        <location filename="../../desktop_search/gui/models/failures_model.py" line="87" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/failures_model.py" line="88" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/failures_model.py" line="89" />
        <source>Why it could not be read</source>
        <translation>无法读取的原因</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="104" />
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="107" />
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="108" />
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="109" />
        <source>Word and office documents</source>
        <translation>Word 及办公文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="110" />
        <source>Text and notes</source>
        <translation>文本和笔记</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="111" />
        <source>Web pages</source>
        <translation>网页</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="112" />
        <source>E-books</source>
        <translation>电子书</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="113" />
        <source>Code and data</source>
        <translation>代码和数据</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="118" />
        <source>Any time</source>
        <translation>任何时间</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="119" />
        <source>Past day</source>
        <translation>最近一天</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="120" />
        <source>Past week</source>
        <translation>最近一周</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="121" />
        <source>Past month</source>
        <translation>最近一个月</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="122" />
        <source>Past year</source>
        <translation>最近一年</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="145" />
        <source>All folders</source>
        <translation>所有文件夹</translation>
    </message>
</context>
<context>
    <name>FoldersDialog</name>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="117" />
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="120" />
        <source>Documents in these folders and their subfolders are searched. New and changed files are picked up while the app runs.</source>
        <translation>搜索这些文件夹及其子文件夹中的文档。应用运行期间，新增和修改的文件会被自动纳入。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="124" />
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="125" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="127" />
        <source>Stop searching this folder (your files are not touched)</source>
        <translation>不再搜索这个文件夹（不会改动你的文件）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="129" />
        <source>Leave out</source>
        <translation>排除</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="132" />
        <source>Files and folders whose names match one of these patterns are not indexed. One pattern per line, for example *.tmp or node_modules.</source>
        <translation>名称与下列任一规则匹配的文件和文件夹不会建立索引。每行一条规则，例如 *.tmp 或 node_modules。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="136" />
        <source>Restore defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="137" />
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="162" />
        <source>Choose a folder to search</source>
        <translation>选择要搜索的文件夹</translation>
    </message>
</context>
<context>
    <name>FoldersModel</name>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="87" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="97" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="98" />
        <source>Indexed</source>
        <translation>已索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="99" />
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="100" />
        <source>Could not read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="101" />
        <source>Last change seen</source>
        <translation>最近一次变动</translation>
    </message>
</context>
<context>
    <name>IndexStatus</name>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="107" />
        <source>The indexer stopped unexpectedly (%1). Restarting it.</source>
        <translation>索引程序意外停止（%1），正在重新启动。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="113" />
        <source>The indexer keeps stopping unexpectedly (%1); indexing is off until the app is restarted. Details are in the log.</source>
        <translation>索引程序反复意外停止（%1）；在重新启动应用之前，索引将保持关闭。详细信息见日志。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="117" />
        <source>Indexing cannot run (see the log for details).</source>
        <translation>索引无法运行（详细信息见日志）。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="146" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="146" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="148" />
        <source>Continue indexing</source>
        <translation>继续建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="148" />
        <source>Pause indexing for now</source>
        <translation>暂时停止建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="152" />
        <source>1 file could not be read</source>
        <translation>1 个文件无法读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="154" />
        <source>%1 files could not be read</source>
        <translation>%1 个文件无法读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="156" />
        <source>Show which files and why</source>
        <translation>查看是哪些文件以及原因</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="162" />
        <source>Starting the indexer…</source>
        <translation>正在启动索引程序…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="164" />
        <source>The indexer stopped unexpectedly; starting it again…</source>
        <translation>索引程序意外停止，正在重新启动…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="166" />
        <source>Indexing is stopped</source>
        <translation>索引已停止</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="170" />
        <source>Indexing paused at %1 of %2 files</source>
        <translation>索引已暂停，已完成 %1 / %2 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="174" />
        <source>Indexing paused</source>
        <translation>索引已暂停</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="177" />
        <source>Up to date</source>
        <translation>索引已是最新</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="178" />
        <source>Up to date · %1 documents</source>
        <translation>索引已是最新 · %1 个文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="180" />
        <source>Looking for new and changed files…</source>
        <translation>正在查找新增和修改的文件…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="184" />
        <source>Reading %1 of %2 files</source>
        <translation>正在读取第 %1 / %2 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="192" />
        <source>Learning the meaning of %1 of %2 passages</source>
        <translation>正在理解文本内容：%1 / %2 个段落</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="205" />
        <source>less than a minute left</source>
        <translation>剩余不到一分钟</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="208" />
        <source>about %1 min left</source>
        <translation>大约还剩 %1 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="210" />
        <source>about %1 h %2 min left</source>
        <translation>大约还剩 %1 小时 %2 分钟</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="269" />
        <source>Desktop Search</source>
        <translation>桌面搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="279" />
        <source>Meaning + keywords: the best of both (recommended).
Meaning only: finds text that says the same thing in other words.
Keywords only: the exact words you typed.</source>
        <translation>意思 + 关键词：兼顾两者（推荐）。
仅按意思：找到用不同说法表达同一意思的文字。
仅关键词：只找你输入的原词。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="285" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="286" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="287" />
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="288" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="289" />
        <source>Search mode</source>
        <translation>搜索方式</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="290" />
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="291" />
        <source>&amp;Folders…</source>
        <translation>文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="292" />
        <source>Files that could not be read…</source>
        <translation>无法读取的文件…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="293" />
        <source>Check folders for changes now</source>
        <translation>立即检查文件夹中的变动</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="294" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="295" />
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="296" />
        <source>&amp;Open document</source>
        <translation>打开文档(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="297" />
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="298" />
        <source>&amp;Copy path</source>
        <translation>复制路径(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="299" />
        <source>&amp;Preview pane</source>
        <translation>预览窗格(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="300" />
        <source>&amp;About Desktop Search</source>
        <translation>关于桌面搜索(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="303" />
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="312" />
        <source>Meaning + keywords</source>
        <translation>意思 + 关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="313" />
        <source>Meaning only</source>
        <translation>仅按意思</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="314" />
        <source>Keywords only</source>
        <translation>仅关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="443" />
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="447" />
        <source>1 document</source>
        <translation>1 个文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="447" />
        <source>%1 documents</source>
        <translation>%1 个文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="451" />
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="453" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="498" />
        <location filename="../../desktop_search/gui/main_window.py" line="505" />
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="499" />
        <source>This file is no longer there:
%1</source>
        <translation>这个文件已经不在原处：
%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="506" />
        <source>No application opened this file:
%1</source>
        <translation>没有应用程序能打开这个文件：
%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="527" />
        <source>Choose a folder to search</source>
        <translation>选择要搜索的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="573" />
        <source>Remove folder</source>
        <translation>移除文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="575" />
        <source>Stop searching %1?

Its documents are removed from the index; the files themselves are not touched.</source>
        <translation>不再搜索 %1？

其中的文档会从索引中移除；文件本身不会被改动。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="603" />
        <source>Resume indexing</source>
        <translation>继续建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="603" />
        <source>Pause indexing</source>
        <translation>暂停建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="680" />
        <source>About Desktop Search</source>
        <translation>关于桌面搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="682" />
        <source>&lt;h3&gt;Desktop Search %1&lt;/h3&gt;&lt;p&gt;Find things in your own documents by meaning and by keywords, in Chinese and English. Everything stays on this computer.&lt;/p&gt;&lt;p&gt;Index and settings: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;桌面搜索 %1&lt;/h3&gt;&lt;p&gt;按意思和关键词在自己的中英文文档中查找内容。所有数据都留在这台电脑上。&lt;/p&gt;&lt;p&gt;索引和设置位于：%2&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="184" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="185" />
        <source>Open the document (Enter)</source>
        <translation>打开文档（Enter）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="186" />
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="187" />
        <source>Open the folder that holds it (Ctrl+Shift+O)</source>
        <translation>打开所在的文件夹（Ctrl+Shift+O）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="188" />
        <source>Select a result to read it in context here.</source>
        <translation>选中一条结果，在这里查看它的上下文。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="242" />
        <location filename="../../desktop_search/gui/preview.py" line="290" />
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="245" />
        <source>Modified %1</source>
        <translation>修改于 %1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="271" />
        <source>This document matched by its file name.</source>
        <translation>这个文档是按文件名匹配到的。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="274" />
        <source>The text of this document could not be read.</source>
        <translation>无法读取这个文档的文字。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="293" />
        <source>Best match</source>
        <translation>最佳匹配</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="293" />
        <source>Also matches</source>
        <translation>其他匹配</translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="241" />
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="281" />
        <source>The file name matches your search</source>
        <translation>文件名与搜索内容匹配</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="289" />
        <source>+ 1 more passage</source>
        <translation>另有 1 处匹配</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="291" />
        <source>+ %1 more passages</source>
        <translation>另有 %1 处匹配</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="307" />
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="307" />
        <source>English</source>
        <translation>英文</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../desktop_search/gui/search_box.py" line="39" />
        <source>Search your documents: words, a phrase or a question</source>
        <translation>搜索你的文档：词语、短语或问题</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/search_box.py" line="42" />
        <source>Type words or a question. "Quotes" find an exact phrase; -word leaves out documents containing it.</source>
        <translation>输入词语或问题。用 "引号" 查找完整短语；用 -词语 排除包含该词的文档。</translation>
    </message>
</context>
</TS>