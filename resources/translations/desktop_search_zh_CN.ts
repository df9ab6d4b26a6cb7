<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="132"/>
        <source>Choose folders to search</source>
        <translation>选择要搜索的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="134"/>
        <source>Pick the folders that hold your documents: PDFs, Word files, notes, web pages, e-books, in Chinese or English. They are indexed on this computer and never leave it. Search by meaning as well as by keywords.</source>
        <translation>选择存放文档的文件夹：PDF、Word 文件、笔记、网页、电子书，中文或英文均可。索引只在这台电脑上建立，文档不会离开这台电脑。既可以按意思搜索，也可以按关键词搜索。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="138"/>
        <source>Choose a folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="143"/>
        <source>Nothing found for “%1” yet</source>
        <translation>暂未找到“%1”</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="145"/>
        <source>Indexing paused</source>
        <translation>索引已暂停</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="147"/>
        <source>Indexing your documents…</source>
        <translation>正在为文档建立索引…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="151"/>
        <source>%1 of %2 files read</source>
        <translation>已读取 %1 / %2 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="159"/>
        <source>Not every document is indexed yet; results appear as they are.</source>
        <translation>还有文档尚未建立索引；索引完成后会出现在结果中。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="164"/>
        <source>%1 documents can be searched already; matches by meaning follow as the text is understood.</source>
        <translation>已可搜索 %1 个文档；理解文本内容后，按意思匹配的结果会陆续出现。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="171"/>
        <source>You can search already: results appear as files are read, and matches by meaning follow as the text is understood.</source>
        <translation>现在就可以搜索：文件读取后即出现在结果中，理解文本内容后，按意思匹配的结果会陆续出现。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="179"/>
        <source>No documents match “%1”</source>
        <translation>没有与“%1”匹配的文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="182"/>
        <source>No document contains “%1”</source>
        <translation>没有文档包含“%1”</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="187"/>
        <source>Try fewer or more general words.</source>
        <translation>试试更少或更笼统的词语。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="190"/>
        <source>Keyword mode needs the exact words; try matching by meaning.</source>
        <translation>关键词模式需要完全相同的词语；试试按意思匹配。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="192"/>
        <source>Search by meaning</source>
        <translation>按意思搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="194"/>
        <source>Meaning mode skips exact words; try keywords too.</source>
        <translation>语义模式不看具体词语；也试试关键词。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="195"/>
        <source>Search keywords and meaning</source>
        <translation>同时按关键词和意思搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="197"/>
        <source>Check the spelling, or describe what the document is about.</source>
        <translation>检查拼写，或者描述文档的大致内容。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="199"/>
        <source>Filters are on: they may hide what you are looking for.</source>
        <translation>筛选条件已开启：它们可能挡住了你要找的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="200"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="204"/>
        <source>What are you looking for?</source>
        <translation>你想找什么？</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="207"/>
        <source>%1 documents are ready to search. Type words, a phrase or a question; use ↑ ↓ to move through results and Enter to open one.</source>
        <translation>%1 个文档可供搜索。输入词语、短语或问题；用 ↑ ↓ 浏览结果，按 Enter 打开。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="211"/>
        <source>Type words, a phrase or a question.</source>
        <translation>输入词语、短语或问题。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/empty_state.py" line="213"/>
        <source>Search is not available right now</source>
        <translation>暂时无法搜索</translation>
    </message>
</context>
<context>
    <name>ErrorsDialog</name>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="84"/>
        <source>Files that could not be read</source>
        <translation>无法读取的文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="85"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="86"/>
        <source>Copy list</source>
        <translation>复制列表</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="118"/>
        <source>Every file was read. Nothing is missing from search.</source>
        <translation>所有文件都已读取，搜索没有遗漏。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="122"/>
        <source>This file could not be read, so its text is not searchable. Everything else is indexed. Fix or replace the file and it is read again automatically.</source>
        <translation>这个文件无法读取，因此其中的文字无法搜索。其他文件均已建立索引。修复或替换该文件后，会自动重新读取。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/errors_dialog.py" line="130"/>
        <source>These %1 files could not be read, so their text is not searchable. Everything else is indexed. Fix or replace a file and it is read again automatically.</source>
        <translation>这 %1 个文件无法读取，因此其中的文字无法搜索。其他文件均已建立索引。修复或替换文件后，会自动重新读取。</translation>
    </message>
</context>
<context>
    <name>FailureReasons</name>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="21"/>
        <source>damaged or incomplete PDF</source>
        <translation>PDF 文件已损坏或不完整</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="22"/>
        <source>encrypted: needs a password</source>
        <translation>已加密：需要密码</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="23"/>
        <source>no text found</source>
        <translation>没有找到文字</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="24"/>
        <source>empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="25"/>
        <source>could not open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="26"/>
        <source>protected by an unsupported security handler</source>
        <translation>使用了不支持的加密保护方式</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="27"/>
        <source>PDF has no pages</source>
        <translation>PDF 没有页面</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="28"/>
        <source>OCR took too long</source>
        <translation>文字识别（OCR）耗时过长</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="29"/>
        <source>presentation has no slides</source>
        <translation>演示文稿没有幻灯片</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="30"/>
        <source>not a valid RTF file</source>
        <translation>不是有效的 RTF 文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="31"/>
        <source>encrypted: Word document needs a password</source>
        <translation>已加密：Word 文档需要密码</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="32"/>
        <source>DRM-protected e-book; cannot be read</source>
        <translation>电子书受 DRM 保护，无法读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="33"/>
        <source>damaged picture</source>
        <translation>图片已损坏</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="34"/>
        <source>damaged, or not really a picture</source>
        <translation>图片已损坏，或并不是图片</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="35"/>
        <source>picture too large to read</source>
        <translation>图片太大，无法读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="36"/>
        <source>picture too small to hold text</source>
        <translation>图片太小，不会含有文字</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="37"/>
        <source>not an e-mail message (no mail headers)</source>
        <translation>不是电子邮件（没有邮件头）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="38"/>
        <source>not a mailbox (no messages)</source>
        <translation>不是邮箱文件（没有邮件）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="39"/>
        <source>not a mailbox (it does not start with a &quot;From &quot; line)</source>
        <translation>不是邮箱文件（开头不是“From ”行）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="40"/>
        <source>could not start the reader process</source>
        <translation>无法启动读取进程</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="41"/>
        <source>ran out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="42"/>
        <source>needs OCR (Tesseract not installed)</source>
        <translation>需要文字识别（未安装 Tesseract）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="43"/>
        <source>reading this file made the indexer stop unexpectedly; it is skipped until it changes</source>
        <translation>读取此文件时索引程序意外停止；在文件改动之前将跳过它</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="47"/>
        <source>this folder is not there (or is not a folder)</source>
        <translation>此文件夹不存在（或不是文件夹）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="49"/>
        <source>not there (is its drive plugged in?)</source>
        <translation>不在（它所在的磁盘插上了吗？）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="50"/>
        <source>empty, as if its drive were not mounted</source>
        <translation>是空的，好像它所在的磁盘没有挂载</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="51"/>
        <source>its drive is not mounted</source>
        <translation>它所在的磁盘没有挂载</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="52"/>
        <source>could not read the disk (input/output error)</source>
        <translation>无法读取磁盘（输入/输出错误）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="53"/>
        <source>file name is not valid text</source>
        <translation>文件名不是有效的文字</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="54"/>
        <source>an office lock file, not a document</source>
        <translation>Office 锁定文件，不是文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="55"/>
        <source>is a folder, not a file</source>
        <translation>是文件夹，不是文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="56"/>
        <source>not a regular file (device, pipe or socket)</source>
        <translation>不是普通文件（设备、管道或套接字）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="57"/>
        <source>could not be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="64"/>
        <source>took longer than %1 s to read</source>
        <translation>读取时间超过 %1 秒</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="68"/>
        <source>needed more than %1 MB of memory</source>
        <translation>需要超过 %1 MB 内存</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="72"/>
        <source>the reader crashed (signal %1)</source>
        <translation>读取程序崩溃（信号 %1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="76"/>
        <source>the reader crashed (exit code %1)</source>
        <translation>读取程序崩溃（退出码 %1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="80"/>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="84"/>
        <source>too large (%1 MB; the limit is %2 MB)</source>
        <translation>文件太大（%1 MB，上限为 %2 MB）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="86"/>
        <source>cannot open (%1)</source>
        <translation>无法打开（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="87"/>
        <source>cannot read (%1)</source>
        <translation>无法读取（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="90"/>
        <source>damaged or unreadable Word document (%1)</source>
        <translation>Word 文档已损坏或无法读取（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="94"/>
        <source>damaged Word document (%1)</source>
        <translation>Word 文档已损坏（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="98"/>
        <source>damaged PowerPoint file (%1)</source>
        <translation>PowerPoint 文件已损坏（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="102"/>
        <source>damaged Excel file (%1)</source>
        <translation>Excel 文件已损坏（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="104"/>
        <source>damaged RTF file (%1)</source>
        <translation>RTF 文件已损坏（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="107"/>
        <source>damaged %1 file (%2 cannot be unpacked)</source>
        <translation>%1 文件已损坏（无法解压 %2）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="111"/>
        <source>damaged %1 file (%2 is missing)</source>
        <translation>%1 文件已损坏（缺少 %2）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="115"/>
        <source>damaged %1 file (%2 is not valid XML)</source>
        <translation>%1 文件已损坏（%2 不是有效的 XML）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="119"/>
        <source>damaged %1 file (no document body)</source>
        <translation>%1 文件已损坏（没有正文）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="123"/>
        <source>encrypted: %1 file needs a password</source>
        <translation>已加密：%1 文件需要密码</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="127"/>
        <source>looks like a zip bomb (%1); not opened</source>
        <translation>疑似压缩炸弹（%1），未打开</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="129"/>
        <source>OCR failed: %1</source>
        <translation>文字识别失败：%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="132"/>
        <source>could not open the picture (%1)</source>
        <translation>无法打开图片（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="134"/>
        <source>damaged picture (%1)</source>
        <translation>图片已损坏（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="137"/>
        <source>picture too large to read (%1 pixels)</source>
        <translation>图片太大，无法读取（%1 像素）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="141"/>
        <source>not a supported file type (%1)</source>
        <translation>不支持的文件类型（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="145"/>
        <source>could not start the reader: %1</source>
        <translation>无法启动读取程序：%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="147"/>
        <source>could not run %1 (%2)</source>
        <translation>无法运行 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="148"/>
        <source>attachment %1 needs OCR</source>
        <translation>附件 %1 需要文字识别</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/failure_reasons.py" line="149"/>
        <source>could not read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
</context>
<context>
    <name>FailuresModel</name>
    <message>
        <location filename="../../desktop_search/gui/models/failures_model.py" line="94"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/failures_model.py" line="95"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/failures_model.py" line="96"/>
        <source>Why it could not be read</source>
        <translation>无法读取的原因</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="105"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="108"/>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="109"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="110"/>
        <source>Word and office documents</source>
        <translation>Word 及办公文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="111"/>
        <source>Text and notes</source>
        <translation>文本和笔记</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="112"/>
        <source>Web pages</source>
        <translation>网页</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="113"/>
        <source>E-books</source>
        <translation>电子书</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="114"/>
        <source>Code and data</source>
        <translation>代码和数据</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="119"/>
        <source>Any time</source>
        <translation>任何时间</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="120"/>
        <source>Past day</source>
        <translation>最近一天</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="121"/>
        <source>Past week</source>
        <translation>最近一周</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="122"/>
        <source>Past month</source>
        <translation>最近一个月</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="123"/>
        <source>Past year</source>
        <translation>最近一年</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/filters.py" line="158"/>
        <source>All folders</source>
        <translation>所有文件夹</translation>
    </message>
</context>
<context>
    <name>FoldersDialog</name>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="130"/>
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="133"/>
        <source>Documents in these folders and their subfolders are searched. New and changed files are picked up while the app runs.</source>
        <translation>搜索这些文件夹及其子文件夹中的文档。应用运行期间，新增和修改的文件会被自动纳入。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="137"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="138"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="140"/>
        <source>Stop searching this folder (your files are not touched)</source>
        <translation>不再搜索这个文件夹（不会改动你的文件）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="142"/>
        <source>Leave out</source>
        <translation>排除</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="145"/>
        <source>Files and folders whose names match one of these patterns are not indexed. One pattern per line, for example *.tmp or node_modules.</source>
        <translation>名称与下列任一规则匹配的文件和文件夹不会建立索引。每行一条规则，例如 *.tmp 或 node_modules。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="149"/>
        <source>Restore defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="150"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/folders_dialog.py" line="175"/>
        <source>Choose a folder to search</source>
        <translation>选择要搜索的文件夹</translation>
    </message>
</context>
<context>
    <name>FoldersModel</name>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="74"/>
        <source>%1
Not available: %2. Its index is kept until it is back.</source>
        <translation>%1
无法访问：%2。它的索引会保留，直到它回来。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="94"/>
        <source>%1 (not available)</source>
        <translation>%1（无法访问）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="108"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="118"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="119"/>
        <source>Indexed</source>
        <translation>已索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="120"/>
        <source>To read</source>
        <translation>待读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="121"/>
        <source>Could not read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/folders_model.py" line="122"/>
        <source>Last change seen</source>
        <translation>最近一次变动</translation>
    </message>
</context>
<context>
    <name>IndexStatus</name>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="155"/>
        <source>The indexer stopped unexpectedly (%1). Restarting it.</source>
        <translation>索引程序意外停止（%1），正在重新启动。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="161"/>
        <source>The indexer keeps stopping unexpectedly (%1); indexing is off until the app is restarted. Details are in the log.</source>
        <translation>索引程序反复意外停止（%1）；在重新启动应用之前，索引将保持关闭。详细信息见日志。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="165"/>
        <source>Indexing cannot run (see the log for details).</source>
        <translation>索引无法运行（详细信息见日志）。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="186"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="186"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="188"/>
        <source>Continue indexing</source>
        <translation>继续建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="188"/>
        <source>Pause indexing for now</source>
        <translation>暂时停止建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="192"/>
        <source>1 file could not be read</source>
        <translation>1 个文件无法读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="194"/>
        <source>%1 files could not be read</source>
        <translation>%1 个文件无法读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="196"/>
        <source>Show which files and why</source>
        <translation>查看是哪些文件以及原因</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="203"/>
        <source>Starting the indexer…</source>
        <translation>正在启动索引程序…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="205"/>
        <source>The indexer stopped unexpectedly; starting it again…</source>
        <translation>索引程序意外停止，正在重新启动…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="207"/>
        <source>Indexing is stopped</source>
        <translation>索引已停止</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="210"/>
        <source>Indexing paused while on battery power; it goes on when plugged in</source>
        <translation>使用电池供电时已暂停索引；接通电源后自动继续</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="213"/>
        <source>Indexing paused at %1 of %2 files</source>
        <translation>索引已暂停，已完成 %1 / %2 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="218"/>
        <source>Indexing paused; %1 passages still to learn</source>
        <translation>索引已暂停，还有 %1 个段落待理解</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="221"/>
        <source>Indexing paused</source>
        <translation>索引已暂停</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="224"/>
        <source>Up to date</source>
        <translation>索引已是最新</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="225"/>
        <source>Up to date · %1 documents</source>
        <translation>索引已是最新 · %1 个文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="230"/>
        <source>%1 files are still to be read</source>
        <translation>还有 %1 个文件待读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="234"/>
        <source>%1 documents · %2 passages not yet searchable by meaning</source>
        <translation>%1 个文档 · %2 个段落尚不能按语义搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="239"/>
        <source>Looking for new and changed files…</source>
        <translation>正在查找新增和修改的文件…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="244"/>
        <source>Waiting for the embedding service…</source>
        <translation>正在等待向量服务…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="245"/>
        <source>Waiting for the embedding service: %1</source>
        <translation>正在等待向量服务：%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="248"/>
        <source>Reading %1 of %2 files</source>
        <translation>正在读取第 %1 / %2 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="259"/>
        <source>Learning the meaning: %1</source>
        <translation>正在理解文本内容：%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="262"/>
        <source>%1 %2 of %3 passages</source>
        <translation>%1 %2 / %3 个段落</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="272"/>
        <source>Learning the meaning of %1 of %2 passages</source>
        <translation>正在理解文本内容：%1 / %2 个段落</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="277"/>
        <source>Learning the meaning of your documents…</source>
        <translation>正在理解文档内容…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="287"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="289"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="291"/>
        <source>Chinese and English</source>
        <translation>中英文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="299"/>
        <source>less than a minute left</source>
        <translation>剩余不到一分钟</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="302"/>
        <source>about %1 min left</source>
        <translation>大约还剩 %1 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/status.py" line="304"/>
        <source>about %1 h %2 min left</source>
        <translation>大约还剩 %1 小时 %2 分钟</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="118"/>
        <source>Desktop Search</source>
        <translation>桌面搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="127"/>
        <source>Meaning + keywords: the best of both (recommended).
Meaning only: finds text that says the same thing in other words.
Keywords only: the exact words you typed.</source>
        <translation>语义 + 关键词：兼顾两者（推荐）。
仅按语义：找到用不同说法表达同一意思的文字。
仅关键词：只找你输入的原词。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="135"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="136"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="137"/>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="138"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="139"/>
        <source>Search mode</source>
        <translation>搜索方式</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="140"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="141"/>
        <source>&amp;Folders…</source>
        <translation>文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="142"/>
        <source>Files that could not be read…</source>
        <translation>无法读取的文件…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="143"/>
        <source>Check folders for changes now</source>
        <translation>立即检查文件夹中的变动</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="144"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="145"/>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="146"/>
        <source>&amp;Open document</source>
        <translation>打开文档(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="147"/>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="148"/>
        <source>&amp;Copy path</source>
        <translation>复制路径(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="149"/>
        <source>&amp;Preview pane</source>
        <translation>预览窗格(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="150"/>
        <source>&amp;About Desktop Search</source>
        <translation>关于桌面搜索(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="151"/>
        <source>Pr&amp;eferences…</source>
        <translation>首选项(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="154"/>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="166"/>
        <source>Meaning + keywords</source>
        <translation>语义 + 关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="167"/>
        <source>Meaning only</source>
        <translation>仅按语义</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="168"/>
        <source>Keywords only</source>
        <translation>仅关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="336"/>
        <source>Desktop Search is still running</source>
        <translation>桌面搜索仍在运行</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/main_window.py" line="338"/>
        <source>It keeps your folders indexed in the background. Click its icon to search, or choose Quit from the icon&apos;s menu to stop it.</source>
        <translation>它会在后台继续为你的文件夹建立索引。点击它的图标即可搜索；要停止它，请在图标菜单中选择“退出”。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="116"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="120"/>
        <source>1 document</source>
        <translation>1 个文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="122"/>
        <source>%1 documents</source>
        <translation>%1 个文档</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="126"/>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="128"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="186"/>
        <location filename="../../desktop_search/gui/window_pages.py" line="198"/>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="187"/>
        <location filename="../../desktop_search/gui/window_pages.py" line="222"/>
        <source>This file is no longer there:
%1</source>
        <translation>这个文件已经不在原处：
%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="199"/>
        <source>No application opened this file:
%1</source>
        <translation>没有应用程序能打开这个文件：
%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="204"/>
        <location filename="../../desktop_search/gui/window_pages.py" line="221"/>
        <source>Cannot show in folder</source>
        <translation>无法在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_pages.py" line="205"/>
        <source>No file manager opened the folder of this file:
%1

Its path can be copied with Ctrl+Shift+C.</source>
        <translation>没有文件管理器能打开此文件所在的文件夹：
%1

可以用 Ctrl+Shift+C 复制它的路径。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_indexing.py" line="41"/>
        <source>Choose a folder to search</source>
        <translation>选择要搜索的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_indexing.py" line="115"/>
        <source>Remove folder</source>
        <translation>移除文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_indexing.py" line="116"/>
        <source>Stop searching %1?

Its documents are removed from the index; the files themselves are not touched.</source>
        <translation>不再搜索 %1？

其中的文档会从索引中移除；文件本身不会被改动。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_indexing.py" line="155"/>
        <source>Resume indexing</source>
        <translation>继续建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_indexing.py" line="157"/>
        <source>Pause indexing</source>
        <translation>暂停建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="221"/>
        <source>Start at login</source>
        <translation>登录时启动</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="222"/>
        <source>The login setting could not be changed: %1</source>
        <translation>无法更改登录启动设置：%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="245"/>
        <source>About Desktop Search</source>
        <translation>关于桌面搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/window_menus.py" line="246"/>
        <source>&lt;h3&gt;Desktop Search %1&lt;/h3&gt;&lt;p&gt;Find things in your own documents by meaning and by keywords, in Chinese and English. Everything stays on this computer.&lt;/p&gt;&lt;p&gt;Index and settings: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;桌面搜索 %1&lt;/h3&gt;&lt;p&gt;按意思和关键词在自己的中英文文档中查找内容。所有数据都留在这台电脑上。&lt;/p&gt;&lt;p&gt;索引和设置位于：%2&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="227"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="228"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="229"/>
        <source>Embedding models</source>
        <translation>向量模型</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="230"/>
        <source>Team libraries</source>
        <translation>团队文档库</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="231"/>
        <source>Interface language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="232"/>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="236"/>
        <source>Keep running in the notification area when I close the window</source>
        <translation>关闭窗口后继续在通知区域运行</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="241"/>
        <source>Indexing carries on and search is one click away. Quit from the icon&apos;s menu. When this is off, closing the window quits the app.</source>
        <translation>索引会继续进行，点击图标即可搜索；要退出，请使用图标菜单。关闭此项时，关闭窗口即退出程序。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="247"/>
        <source>Not available: this desktop has no notification area.</source>
        <translation>不可用：当前桌面没有通知区域。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="249"/>
        <source>Start Desktop Search when I log in</source>
        <translation>登录时启动桌面搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="252"/>
        <source>It starts without opening its window and keeps the index up to date, so new and changed documents are searchable at once.</source>
        <translation>启动时不打开窗口，并在后台保持索引为最新，新增和修改的文档可以立即搜到。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="256"/>
        <source>Pause indexing while on battery power</source>
        <translation>使用电池供电时暂停索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="259"/>
        <source>Reading and learning new documents keeps the processor busy; on a laptop it waits until you plug in. Searching works all the time.</source>
        <translation>读取和学习新文档会让处理器一直忙碌；在笔记本电脑上，它会等到接通电源再继续。搜索随时可用。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="265"/>
        <source>Embedding models let you find documents by meaning. Each model makes its own vector space, and every search asks all of them together with the keywords. The built-in models run on this computer.</source>
        <translation>向量模型让你可以按意思查找文档。每个模型有自己的向量空间，每次搜索都会同时查询所有模型和关键词。内置模型在这台电脑上运行。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="273"/>
        <source>An embedding service on this computer receives your text; it does not leave this computer.</source>
        <translation>这台电脑上的向量服务会收到你的文本，但文本不会离开这台电脑。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="277"/>
        <source>Add embedding service…</source>
        <translation>添加向量服务…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="278"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="281"/>
        <source>Changes apply when you press OK: the indexer restarts with the new models and builds new spaces in the background. Keyword search keeps working meanwhile.</source>
        <translation>按“确定”后更改生效：索引程序会用新的模型重新启动，并在后台建立新的向量空间。在此期间关键词搜索照常可用。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="380"/>
        <source>Remove embedding model</source>
        <translation>移除向量模型</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="382"/>
        <source>Stop using “%1”?

Its vectors are deleted when you press OK. Search by meaning goes on with the other models; adding it again later means embedding every document again.</source>
        <translation>停止使用“%1”？

按“确定”后将删除它的向量。按意思搜索会继续使用其他模型；以后重新添加时，需要为所有文档重新生成向量。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="407"/>
        <source>At least one model is needed to search by meaning</source>
        <translation>按意思搜索至少需要一个模型</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="435"/>
        <source>Password not saved</source>
        <translation>密码未保存</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="436"/>
        <source>The team library password could not be kept in the keyring: %1</source>
        <translation>无法把团队文档库的密码保存在系统密钥环中：%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="454"/>
        <source>API key not saved</source>
        <translation>API 密钥未保存</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="456"/>
        <source>The key for %1 could not be kept in the system keyring: %2

Use an environment variable for it instead.</source>
        <translation>无法把 %1 的密钥保存到系统密钥环：%2

请改用环境变量提供密钥。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preferences_dialog.py" line="490"/>
        <source>With a remote embedding service, the text of your documents and of your searches is sent to that service to be turned into vectors: it leaves this computer, and whoever runs the service can read it. Keep the local model for documents that must stay private.</source>
        <translation>使用远程向量服务时，你的文档内容和搜索内容会发送到该服务以生成向量：文本会离开这台电脑，运营该服务的人可以读取这些文本。必须保密的文档请只使用本地模型。</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="112"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="113"/>
        <source>Open the document (Enter)</source>
        <translation>打开文档（Enter）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="114"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="115"/>
        <source>Open the folder that holds it (Ctrl+Shift+O)</source>
        <translation>打开所在的文件夹（Ctrl+Shift+O）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="116"/>
        <source>Select a result to read it in context here.</source>
        <translation>选中一条结果，在这里查看它的上下文。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="170"/>
        <location filename="../../desktop_search/gui/preview.py" line="219"/>
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="173"/>
        <source>Modified %1</source>
        <translation>修改于 %1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="200"/>
        <source>This document matched by its file name.</source>
        <translation>这个文档是按文件名匹配到的。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="203"/>
        <source>The text of this document could not be read.</source>
        <translation>无法读取这个文档的文字。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="223"/>
        <source>Matched by its file name · how it begins</source>
        <translation>按文件名匹配 · 文档开头</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="225"/>
        <source>Best match</source>
        <translation>最佳匹配</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/preview.py" line="225"/>
        <source>Also matches</source>
        <translation>其他匹配</translation>
    </message>
</context>
<context>
    <name>RemoteSpaceDialog</name>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="184"/>
        <source>Add an embedding service</source>
        <translation>添加向量服务</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="187"/>
        <source>Use a service that speaks the OpenAI embeddings API: OpenAI, Mistral, Jina, or a server on this computer such as Ollama, LM Studio or llama.cpp. It makes a new vector space; the built-in models keep working.</source>
        <translation>使用兼容 OpenAI 向量（embeddings）接口的服务：OpenAI、Mistral、Jina，或本机上的 Ollama、LM Studio、llama.cpp 等服务。它会建立一个新的向量空间，内置模型照常工作。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="193"/>
        <source>For example https://api.openai.com/v1 · Ollama: http://localhost:11434/v1</source>
        <translation>例如 https://api.openai.com/v1 · Ollama：http://localhost:11434/v1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="196"/>
        <source>Service address:</source>
        <translation>服务地址：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="197"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="198"/>
        <source>Vector size:</source>
        <translation>向量维度：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="199"/>
        <source>Languages:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="200"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="208"/>
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="210"/>
        <source>Ask for shorter vectors (text-embedding-3 models support this)</source>
        <translation>请求更短的向量（text-embedding-3 系列模型支持）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="215"/>
        <source>Chinese and English</source>
        <translation>中文和英文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="215"/>
        <source>Chinese only</source>
        <translation>仅中文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="215"/>
        <source>English only</source>
        <translation>仅英文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="218"/>
        <source>A short name for this space</source>
        <translation>这个向量空间的简短名称</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="219"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="220"/>
        <source>No key (servers on this computer usually need none)</source>
        <translation>不用密钥（本机上的服务通常不需要）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="221"/>
        <source>From the environment variable</source>
        <translation>从环境变量读取</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="222"/>
        <source>Keep it in the system keyring</source>
        <translation>保存在系统密钥环中</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="223"/>
        <source>Paste the key</source>
        <translation>粘贴密钥</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="224"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="225"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="281"/>
        <source>Enter the service address.</source>
        <translation>请输入服务地址。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="285"/>
        <source>The service address must start with http:// or https://.</source>
        <translation>服务地址必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="288"/>
        <source>Enter the name of the model the service should use.</source>
        <translation>请输入该服务要使用的模型名称。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="290"/>
        <source>A space named “%1” exists already; choose another name.</source>
        <translation>已有名为“%1”的向量空间，请换一个名称。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="294"/>
        <source>Enter the name of the environment variable that holds the key.</source>
        <translation>请输入保存密钥的环境变量名称。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="296"/>
        <source>Paste the API key, or choose another option.</source>
        <translation>请粘贴 API 密钥，或选择其他方式。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="310"/>
        <source>The key is never written to the settings file.</source>
        <translation>密钥绝不会写入设置文件。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="314"/>
        <source>The key is never written to the settings file. This computer has no password store the app can use, so give the key in an environment variable.</source>
        <translation>密钥从不写入设置文件。这台电脑上没有本应用可用的密码库，请通过环境变量提供密钥。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="334"/>
        <source>The text of your documents and of your searches will be sent to %1. Whoever runs that service can read it.</source>
        <translation>你的文档内容和搜索内容将发送到 %1，运营该服务的人可以读取这些文本。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="341"/>
        <source>This service runs on this computer: your text does not leave it.</source>
        <translation>这个服务在本机上运行：你的文本不会离开这台电脑。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="356"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="367"/>
        <source>It works: the model answers with %1-dimensional vectors.</source>
        <translation>连接成功：模型返回 %1 维向量。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/remote_space_dialog.py" line="373"/>
        <source>It does not work yet: %1</source>
        <translation>暂时无法使用：%1</translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="205"/>
        <source>related</source>
        <translation>相关</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="245"/>
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="253"/>
        <source>also at %1</source>
        <translation>另见 %1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="291"/>
        <source>The file name matches your search</source>
        <translation>文件名与搜索内容匹配</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="300"/>
        <source>1 more passage in the preview</source>
        <translation>预览中还有 1 个段落</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="302"/>
        <source>%1 more passages in the preview</source>
        <translation>预览中还有 %1 个段落</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="318"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/delegates/result_delegate.py" line="318"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
</context>
<context>
    <name>ResultNotice</name>
    <message>
        <location filename="../../desktop_search/gui/result_notice.py" line="23"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/result_notice.py" line="26"/>
        <source>No document contains %1; showing related documents and documents with your other words.</source>
        <translation>没有文档包含 %1；下面是意思相关的文档和包含其他词的文档。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/result_notice.py" line="31"/>
        <source>No document contains %1; showing documents with your other words.</source>
        <translation>没有文档包含 %1；下面是包含其他词的文档。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/result_notice.py" line="35"/>
        <source>No document contains %1. Related by meaning:</source>
        <translation>没有文档包含 %1。意思相关的文档：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/result_notice.py" line="38"/>
        <source>No document contains %1.</source>
        <translation>没有文档包含 %1。</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../desktop_search/gui/search_box.py" line="44"/>
        <source>Search your documents: words, a phrase or a question</source>
        <translation>搜索你的文档：词语、短语或问题</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/search_box.py" line="47"/>
        <source>Type words or a question. &quot;Quotes&quot; find an exact phrase; -word leaves out documents containing it.</source>
        <translation>输入词语或问题。用 &quot;引号&quot; 查找完整短语；用 -词语 排除包含该词的文档。</translation>
    </message>
</context>
<context>
    <name>SpacesModel</name>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="61"/>
        <source>all-MiniLM-L6-v2 (built in)</source>
        <translation>all-MiniLM-L6-v2（内置）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="63"/>
        <source>Universal Sentence Encoder (built in)</source>
        <translation>Universal Sentence Encoder（内置）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="68"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="68"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="69"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="144"/>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="146"/>
        <source>Service on this computer</source>
        <translation>本机上的服务</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="147"/>
        <source>Remote: %1</source>
        <translation>远程：%1</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="150"/>
        <source>The model runs inside this app; no text leaves this computer.</source>
        <translation>模型在本程序内运行，文本不会离开这台电脑。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="154"/>
        <source>Text is sent to %1, which runs on this computer.</source>
        <translation>文本会发送到本机上运行的 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="157"/>
        <source>The text of your documents and searches is sent to %1.</source>
        <translation>你的文档内容和搜索内容会发送到 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="172"/>
        <source>Starts after saving</source>
        <translation>保存后开始</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="178"/>
        <source>Not started yet</source>
        <translation>尚未开始</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="180"/>
        <source>No passages yet</source>
        <translation>暂无段落</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="182"/>
        <source>Done · %1 passages</source>
        <translation>已完成 · %1 个段落</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="187"/>
        <source>%1 of %2 passages (%3%)</source>
        <translation>%1 / %2 个段落（%3%）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="199"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="200"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="201"/>
        <source>Runs on</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="202"/>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/models/spaces_model.py" line="203"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
</context>
<context>
    <name>TeamLibrariesPage</name>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="64"/>
        <source>Add</source>
        <extracomment>(which check, what it found, whether the library can be searched): from the thread</extracomment>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="65"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="73"/>
        <source>Encrypted connection (TLS)</source>
        <translation>加密连接（TLS）</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="74"/>
        <source>Search this library</source>
        <translation>搜索此文档库</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="82"/>
        <source>The password or token is kept in the system keyring, never in the settings file. Team libraries are only read from this computer.</source>
        <translation>密码或令牌保存在系统密钥环中，绝不写入设置文件。本机只读取团队文档库，不会修改它。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="87"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="88"/>
        <source>Server URI:</source>
        <translation>服务器 URI：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="89"/>
        <source>Collection:</source>
        <translation>集合：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="90"/>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="91"/>
        <source>Password or token:</source>
        <translation>密码或令牌：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="94"/>
        <source>Where the files are here:</source>
        <translation>文件在本机的位置：</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="96"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="177"/>
        <source>kept in the keyring</source>
        <translation>已保存在密钥环中</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="190"/>
        <source>Type the server&apos;s URI first.</source>
        <translation>请先填写服务器地址。</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/team_libraries_page.py" line="208"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../desktop_search/gui/tray.py" line="59"/>
        <source>Search…</source>
        <translation>搜索…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/tray.py" line="60"/>
        <source>Preferences…</source>
        <translation>首选项…</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/tray.py" line="61"/>
        <source>Quit Desktop Search</source>
        <translation>退出桌面搜索</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/tray.py" line="90"/>
        <source>Resume indexing</source>
        <translation>继续建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/tray.py" line="90"/>
        <source>Pause indexing</source>
        <translation>暂停建立索引</translation>
    </message>
    <message>
        <location filename="../../desktop_search/gui/tray.py" line="92"/>
        <source>Desktop Search</source>
        <translation>桌面搜索</translation>
    </message>
</context>
</TS>
