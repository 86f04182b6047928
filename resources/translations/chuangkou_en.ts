<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>正在读取同步状态…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式不同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未启动同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在连接…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>离线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需要重新登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 条操作尚未发送：{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>等待下次同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 条审计记录尚未上报</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountsController</name>
    <message>
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>锁定窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>交接班…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改密码…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无人登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}（{roles}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <source>办件</source>
        <translation type="unfinished">Cases</translation>
    </message>
    <message>
        <source>事项</source>
        <translation type="unfinished">Item</translation>
    </message>
    <message>
        <source>期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>督办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>差评</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 变为{light}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{item}：原为{before}，承诺办结日期 {due}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已逾期未答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{issuer} 于 {at} 督办：{note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{who} 登记，双击记录跟进情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>催办…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复督办…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理差评…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnswerOrderDialog</name>
    <message>
        <source>答复督办 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>督办单位：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>督办事项：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复期限：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复方式：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>情况说明：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackgroundOp</name>
    <message>
        <source>请稍候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>操作失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>程序内部错误，请重试；如仍失败请联系管理员，并告知错误编号 {ref}（已记入日志）。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchScanDialog</name>
    <message>
        <source>扫描文件 (*.pdf *.tif *.tiff *.jpg *.jpeg *.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>批量扫描：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>生成分隔页并打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第一步：打印分隔页（每份材料一张，放在该材料的第一页之前）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描整叠</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入已扫描的文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第二步：把整叠材料放入进纸器扫描，或导入扫描好的文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>页数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>整叠中的页码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第三步：核对分配结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不归入任何材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未能归类的页归入：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认分配</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>请至少勾选一份材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在生成分隔页…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>分隔页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有可用的扫描仪：请连接扫描仪后点击“重新查找”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在扫描整叠材料…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择扫描好的文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在识别分隔页…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未能归类的页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {total} 页：{sheets} 张分隔页，{done} 页已归类</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <source>拍照</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重新检测</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>高拍仪：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未检测到高拍仪（摄像头）。
请确认高拍仪的 USB 线已插好并已通电，然后点击“重新检测”；也可以改用扫描仪或导入文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>高拍仪无法使用：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>高拍仪 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>拍照失败：{error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>材料文件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采集材料：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>支持 PDF、JPEG、PNG、TIFF（含多页）；也可以把文件拖到下方页面区域</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描仪“扫描到文件夹”的目标文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始监视</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件夹：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描仪</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>高拍仪</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>监视文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>材料：{name}（{code}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有可用的扫描仪：请连接扫描仪后点击“重新查找”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在扫描…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择材料文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已添加 {n} 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已拍摄 1 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择监视文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择一个存在的文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>停止监视</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在监视…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已从文件夹导入 {n} 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>可能有空白页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 {pages} 页看起来是空白页。保留这些页并完成吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保留并完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>返回检查</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CapturePage</name>
    <message>
        <source>材料采集</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择本窗口采集材料的方式，并试采一次。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描仪</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>高拍仪</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>监视文件夹（扫描到文件夹）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>测试采集…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采集方式(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>监视文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择监视文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择一个存在的文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采集成功：{n} 页。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <source>办件详情 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取办件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>环节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>经办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>意见</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>时间</source>
        <translation type="unfinished">Time</translation>
    </message>
    <message>
        <source>来源</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>大小</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>服务评价…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补打文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>即办决定(&amp;D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>出证(&amp;H)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本窗口上报：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务评价：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理进程</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请材料（双击打开）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已出具文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有已作出审批决定、尚未出证的办件可以出证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已出证：{at}&#x3000;{how}&#x3000;经办人：{clerk}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待出证：审批决定已作出，尚未交付申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>准予或不予，并当场打印决定书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{n}&lt;/b&gt;&#x3000;{item}&#x3000;当前环节：&lt;b&gt;{stage}&lt;/b&gt;&#x3000;办结期限：{due}{light}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式，办件不上报中心系统</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统尚未收到本办件的全部内容，以下为本窗口所知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前环节：{stage}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>；电子监察：{status} {note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人</source>
        <translation type="unfinished">Applicant</translation>
    </message>
    <message>
        <source>代理人</source>
        <translation type="unfinished">Agent</translation>
    </message>
    <message>
        <source>{label}：{name}&#x3000;证件：{id}&#x3000;电话：{phone}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
送达回证未能生成：{why}（可补打）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达回证 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n}：</source>
        <translation type="unfinished">Case {n}:</translation>
    </message>
    <message>
        <source>尚未评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（{reason}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&#x3000;{at} 登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本办件已评价，每个办件只能评价一次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在生成文书…</source>
        <translation type="unfinished">Producing the document…</translation>
    </message>
</context>
<context>
    <name>CaseSearch</name>
    <message>
        <source>受理编号或尾号、申请人或代理人姓名、身份证号（或后 4–6 位）、电话、事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部环节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待出证(&amp;D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已作出审批决定、尚未交付申请人的办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部亮灯</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理编号</source>
        <translation type="unfinished">Case number</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人</source>
        <translation type="unfinished">Applicant</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation type="unfinished">ID number</translation>
    </message>
    <message>
        <source>代理人</source>
        <translation type="unfinished">Agent</translation>
    </message>
    <message>
        <source>事项</source>
        <translation type="unfinished">Item</translation>
    </message>
    <message>
        <source>环节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>更多…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找到 {n} 件，按受理时间从新到旧</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>；还有更早的</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有符合条件的办件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClockDialog</name>
    <message>
        <source>受理编号：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClockMenu</name>
    <message>
        <source>办件</source>
        <translation>Cases</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>程序出现意外错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>程序出现意外错误（错误编号 {ref}），详细信息已记入日志：
{path}

请保存手头的工作；如问题反复出现，请联系管理员，并附上用 support-bundle 生成的诊断包。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DailyBackup</name>
    <message>
        <source>今日自动备份未完成，详见日志</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DialogButtons</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <source>打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法打开文件：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 %1 / %2 页</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExtensionDialog</name>
    <message>
        <source>延长办理期限（第四十二条）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>批准的负责人：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>延期理由（告知申请人）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>延长 10 个工作日，并出具延期通知书。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>首次设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; 上一步(&amp;B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>下一步(&amp;N) &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>以后再说</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未能保存：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>出证 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n}&#x3000;申请人：{name}。请核验领取人的身份证件，或登记邮寄信息。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当面领取(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄送达(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人本人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>法定代表人 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>委托代理人（须授权委托书）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>领取人的证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描件（PDF 或图片）的位置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择文件(&amp;F)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描(&amp;K)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>领取人(&amp;R)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件类型(&amp;T)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件号码(&amp;I)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代理人姓名(&amp;N)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权委托书(&amp;A)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当面领取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>快递面单上的运单号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄地址(&amp;D)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承运企业(&amp;C)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>运单号(&amp;W)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>出证并打印送达回证(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>选择授权委托书的扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权委托书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在出证…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HolidayDialog</name>
    <message>
        <source>节假日管理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按国务院办公厅节假日安排通知录入，每行一项：
休 2027-02-06 至 2027-02-13    （放假，含首尾）
班 2027-02-14                  （调休上班）
以 # 开头的行为注释。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>年份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已录入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>内置日历已包含该年，无需录入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缺失：目前按法定节假日计算（调休未知，时限暂定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请至少录入一段放假安排</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImmediateDecisionDialog</name>
    <message>
        <source>即办决定 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>准予行政许可(&amp;Y)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予行政许可(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予许可时必须写明事实和理由，将印在决定书上</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>决定并打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项：{item}。决定以本部门名义作出，加盖行政审批专用章并电子签名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>决定：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>许可内容：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>理由：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不填则为“准予{item}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不填则为“不予{item}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予行政许可须写明理由</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeScreen</name>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>由代理人办理</source>
        <translation>Handled by an agent</translation>
    </message>
    <message>
        <source>代理人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>批量扫描…</source>
        <translation>Batch scan…</translation>
    </message>
    <message>
        <source>打印分隔页，整叠材料一次扫描后按分隔页分到各项材料</source>
        <translation>Print separator sheets, scan the whole stack at once, and split it into materials at the separators</translation>
    </message>
    <message>
        <source>受理(&amp;A)</source>
        <translation>&amp;Accept</translation>
    </message>
    <message>
        <source>补正告知(&amp;B)…</source>
        <translation>Request &amp;corrections…</translation>
    </message>
    <message>
        <source>不予受理(&amp;R)…</source>
        <translation>&amp;Refuse…</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>收取材料（点“采集…”扫描或拍摄，或把文件拖到对应行）</source>
        <translation>Materials (click “Capture…” to scan or photograph, or drop files on their row)</translation>
    </message>
    <message>
        <source>文件不能添加</source>
        <translation>File cannot be added</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>正在生成 PDF…</source>
        <translation>Building the PDF…</translation>
    </message>
    <message>
        <source>请先选择办理事项</source>
        <translation>Choose a service item first</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>ItemPicker</name>
    <message>
        <source>事项名称、编码或拼音首字母，如 gtgsh</source>
        <translation>Item name, code or pinyin initials, e.g. gtgsh</translation>
    </message>
    <message>
        <source>办理事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>即办件</source>
        <translation>Immediate</translation>
    </message>
    <message>
        <source>承诺件</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>{name}
{kind} · 法定时限 {legal} 个工作日 · 承诺时限 {promised} 个工作日
收费：{fee}
设定依据：{basis}</source>
        <translation>{name}
{kind} · legal limit {legal} working days · promised {promised} working days
Fee: {fee}
Legal basis: {basis}</translation>
    </message>
</context>
<context>
    <name>LedgerWindow</name>
    <message>
        <source>用印登记簿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>仅盖章文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出 CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>至</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{start} 至 {end}：共 {n} 条，其中用印 {sealed} 次，作废 {voids} 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用印登记簿_{start}_{end}.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出用印登记簿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导出 {n} 条到 {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在导出用印登记簿…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>窗口已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>解锁 / 交接班登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前人员：{name}（{user}）。本人输入密码解锁；换班请输入接班人员的用户名和密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本窗口当前无人登录，请输入用户名和密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请输入用户名和密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在验证…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录中心系统</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>留空则使用系统证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA 证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择 CA 证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证书 (*.pem *.crt);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录失败：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>受理</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>今日办件</source>
        <translation>Today&apos;s cases</translation>
    </message>
    <message>
        <source>办件查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预警</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>窗口设置…</source>
        <translation>Window settings…</translation>
    </message>
    <message>
        <source>节假日管理…</source>
        <translation>Holidays…</translation>
    </message>
    <message>
        <source>签名证书…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录中心系统…</source>
        <translation>Log in to the central system…</translation>
    </message>
    <message>
        <source>首次设置…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>同步队列…</source>
        <translation>Sync queue…</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>办件统计…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用印登记簿…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口受理客户端</source>
        <translation>Window Intake Client</translation>
    </message>
    <message>
        <source>（培训模式）</source>
        <translation> (training mode)</translation>
    </message>
    <message>
        <source>培训模式</source>
        <translation>Training mode</translation>
    </message>
    <message>
        <source>联网模式</source>
        <translation>Connected mode</translation>
    </message>
    <message>
        <source>窗口 {window} · {clerk}</source>
        <translation>Window {window} · {clerk}</translation>
    </message>
    <message>
        <source>{years} 年节假日安排缺失，时限按法定节假日暂定（设置 → 节假日管理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回执未生成</source>
        <translation>Slip not produced</translation>
    </message>
    <message>
        <source>已受理，编号 {n}。
{error}
可在“今日办件”中双击该办件重新生成。</source>
        <translation>Accepted, number {n}.
{error}
Double-click the case in “Today&apos;s cases” to produce it again.</translation>
    </message>
    <message>
        <source>已保存，编号 {n}</source>
        <translation>Saved, number {n}</translation>
    </message>
</context>
<context>
    <name>MaterialCapture</name>
    <message>
        <source>已停止，已采集的 {n} 页保留</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{error}（之前已采集的 {n} 页保留）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在导入文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这份材料共 {n} 页、{mb} MB，超过上限（{pages} 页、{limit} MB），请删去多余的页、降低扫描分辨率，或请管理员调整上限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在生成材料 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>要求</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>适用</source>
        <translation>Applies</translation>
    </message>
    <message>
        <source>原件</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>复印件份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>扫描件</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>适用情形：</source>
        <translation>Applies when: </translation>
    </message>
    <message>
        <source>说明：</source>
        <translation>Note: </translation>
    </message>
    <message>
        <source>采集…</source>
        <translation>Capture…</translation>
    </message>
    <message>
        <source>扫描、拍摄或导入这份材料</source>
        <translation>Scan, photograph or import this material</translation>
    </message>
    <message>
        <source>移除这份材料的扫描件</source>
        <translation>Remove this material&apos;s scan</translation>
    </message>
    <message>
        <source>复印件{n}份</source>
        <translation>{n} copies</translation>
    </message>
    <message>
        <source>原件及复印件{n}份</source>
        <translation>Original and {n} copies</translation>
    </message>
    <message>
        <source>必要</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>情形</source>
        <translation>Conditional</translation>
    </message>
    <message>
        <source>这份材料正在处理，请稍后再添加文件</source>
        <translation>This material is busy; add files in a moment</translation>
    </message>
    <message>
        <source>{n} 页 · {size}</source>
        <translation>{n} pages · {size}</translation>
    </message>
    <message>
        <source>未采集</source>
        <translation>Not captured</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>✓ 已收齐</source>
        <translation>✓ Complete</translation>
    </message>
    <message>
        <source>缺：</source>
        <translation>Missing: </translation>
    </message>
</context>
<context>
    <name>ModePage</name>
    <message>
        <source>使用方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式用于练习；联网模式需要中心系统的地址和账号。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式（不连接中心系统，办件不上报）(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联网模式（连接中心系统）(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>留空则使用系统证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连接(&amp;L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA 证书文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在连接…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已连接 {url}，已下载 {n} 个事项。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连接失败：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageDelegate</name>
    <message>
        <source>载入中…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>空白页?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageListModel</name>
    <message>
        <source>第 {n} 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这一页看起来是空白页，请确认是否需要保留</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageStrip</name>
    <message>
        <source>左转</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>右转</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>前移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>后移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>插入文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>撤销</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>撤销上一步（Ctrl+Z）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {n} 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，第 {pages} 页可能是空白页</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PartyForm</name>
    <message>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <source>港澳台居民居住证</source>
        <translation>Residence permit (HK/Macao/Taiwan)</translation>
    </message>
    <message>
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>个人</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>企业/组织</source>
        <translation>Company/organisation</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>修改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>再次输入新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>两次输入的新密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在修改…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <source>特别程序结束</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特别程序（暂停计时）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>程序：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事由（告知申请人）：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintersPage</name>
    <message>
        <source>打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理回执用 80 毫米热敏打印机，其余文书用 A4 打印机。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>系统默认打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印测试页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在打印测试页…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>测试页已送往 {p}。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueScreen</name>
    <message>
        <source>同步队列</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重试此办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统那边的问题已处理后，重新发送所选办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation type="unfinished">Sync now</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>读取同步队列失败：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式不同步：办件不会发送到中心系统。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取同步状态…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{link} · 待同步 {n} 项（{mb} MB）· 需处理 {cases} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统拒绝的办件不会自动重发：请按原因核实处理后，选中该办件点“重试此办件”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>等待网络恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>等待重新登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原因：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RatingDialog</name>
    <message>
        <source>服务评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请您对本次服务作出评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件编号：{n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请点击按钮，或按数字键 5（非常满意）至 1（非常不满意）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按数字键 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>很抱歉让您不满意，请告诉我们原因（可多选）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>其他意见或建议</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重新选择</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>感谢您的评价！</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <source>不予受理</source>
        <translation type="unfinished">Refused</translation>
    </message>
    <message>
        <source>第（一）项：申请事项依法不需要取得行政许可（即时告知不受理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第（二）项：申请事项依法不属于本机关职权范围（告知向有关行政机关申请）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例如：培训县市场监督管理局</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>应当向其申请的行政机关（第（二）项必填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>写明不予受理的理由和依据，例如：申请事项不属于本机关职权范围……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认不予受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>依据《中华人民共和国行政许可法》第三十二条第一款（必选）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理理由（必填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择不予受理的依据：第（一）项或第（二）项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>依第（二）项不予受理的，请填写申请人应当向其申请的行政机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写不予受理的理由</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanSettingsRow</name>
    <message>
        <source>重新查找</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>彩色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>灰度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>黑白</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>进纸器</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>从自动进纸器连续扫描，直到纸张扫完</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>双面</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>自动纠偏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>把略微放歪的纸张扫描件摆正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JPEG 质量 </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描仪：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查找扫描仪…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到扫描仪</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>窗口设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SigningKeyDialog</name>
    <message>
        <source>签名证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 证书文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey（PKCS#11）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入并检查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入部门签名证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证书文件（.p12/.pfx）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证书口令</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 厂商驱动的 PKCS#11 模块（.dll 或 .so）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>驱动模块</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>插槽</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>留空：使用 UKey 上唯一的签名密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密钥标签</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择证书文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写驱动模块和插槽。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在检查…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导入：{subject}，有效期至 {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择证书文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 证书 (*.p12 *.pfx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择 PKCS#11 驱动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>驱动模块 (*.dll *.so *.dylib)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsScreen</name>
    <message>
        <source>办件统计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本周</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>自定义区间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出 CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计区间：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>至</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按受理人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{period}：收件 {r} 件，受理 {a} 件，办结 {c} 件，按时 {o} 件，超时 {x} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计失败：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>超时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件统计_{period}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出统计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导出到 {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出失败：{error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisionActions</name>
    <message>
        <source>已答复督办 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已发送催办 {n}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <source>补正告知（一次性告知）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需补正的材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补正理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>添加材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请按本通知一次性补齐上述材料后，到窗口重新提交申请。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认补正告知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>以下材料需补正（可修改理由）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补正说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请至少列出一项需补正的材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>每项材料都要写明补正理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写补正说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补交材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已收原件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择扫描件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择补交材料的扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 或图片 (*.pdf *.jpg *.jpeg *.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已选 {n} 个文件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayCases</name>
    <message>
        <source>受理编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>当前环节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>时限灯</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预计办结</source>
        <translation>Due</translation>
    </message>
</context>
<context>
    <name>UrgeDialog</name>
    <message>
        <source>初审</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>复审</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>催办 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>催办环节：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>催办内容：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>作废文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如：内容有误，已重新出具</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>作废原因：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>作废后该文书失效，登记簿保留原记录和作废记录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>作废须写明原因</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowDocuments</name>
    <message>
        <source>无人登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（无权限）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>即办决定（准予或不予）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>出具文书</source>
        <translation type="unfinished">Produce a document</translation>
    </message>
    <message>
        <source>办件 {n}：</source>
        <translation type="unfinished">Case {n}:</translation>
    </message>
    <message>
        <source>不能出具</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不能即办决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在生成文书…</source>
        <translation type="unfinished">Producing the document…</translation>
    </message>
    <message>
        <source>{kind} {n}</source>
        <translation type="unfinished">{kind} {n}</translation>
    </message>
</context>
<context>
    <name>WindowPage</name>
    <message>
        <source>窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机所在窗口的编号，会印在回执和文书上；经办人是登录的工作人员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口编号(&amp;W)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_TextDialog</name>
    <message>
        <source>请填写内容</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>accounts</name>
    <message>
        <source>{label}不能超过 {n} 字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} 没有{power}，不能{what}，请由首席代表或有此权限的人员办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user} 从未在本窗口联网登录过，不能离线登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user} 已被锁定 {m} 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation type="unfinished">Refused</translation>
    </message>
    <message>
        <source>中心系统不接受新密码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改窗口设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>出具补正告知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>协调事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>协调权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>协调联办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>即办权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原密码错误，密码未修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理</source>
        <translation type="unfinished">Intake</translation>
    </message>
    <message>
        <source>受理权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式没有中心系统，不能修改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码已修改，下次登录（含离线登录）请使用新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码连续输错 {n} 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码连续输错 {n} 次，{user} 已被锁定至 {until}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到办件：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本窗口当前无人登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本部门规定{what}须由首席代表办理，{name} 不是首席代表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>督办权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>离线登录已过期：{user} 上次联网登录是 {at}，超过了 {days} 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口 {w}：无人登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口工作人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口已锁定，解锁需要输入密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复督办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>管理员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>管理权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先登录（设置 → 登录中心系统，或在锁定界面登录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请在标准输入中给出两行：原密码、新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请在网络恢复后联网登录一次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请在网络恢复后联网登录，之后可再离线登录 {days} 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写{label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写用户名、原密码和新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请稍后再试，或联网登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请至少指定一个协办部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还可再试 {n} 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首席代表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（已锁定）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>admin_cli</name>
    <message>
        <source>原配置目录已保留在 {path}，确认无误后可删除。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>注意：今日自动备份未完成：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录凭据不在备份中：请重新登录（login）后再同步。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>api</name>
    <message>
        <source>CA 证书文件不存在或无法读取：{path}，请检查 CA 证书设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>与发送的不一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统拒绝了请求（{status}）：{text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统没有在 {seconds} 秒内完成应答（网络过慢或中断）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法建立安全连接（证书校验失败），请检查 CA 证书设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法连接中心系统：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录已失效，请重新登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先登录中心系统</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>无法打开配置目录</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>audit</name>
    <message>
        <source>审计记录 {seq} 与前一条记录断链（有记录被删除或插入）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审计记录 {seq} 的内容与其哈希不符（记录被改动）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>backup</name>
    <message>
        <source>备份文件位置无效：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份未能完成：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库检查未通过，未生成备份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请检查备份位置是否可写、磁盘空间是否足够。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请运行 doctor 并联系技术支持。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>capture</name>
    <message>
        <source>PDF 中没有任何页面</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 含有启动外部程序的动作，为安全起见不能使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 含有多媒体或动态表单内容，为安全起见不能使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 含有嵌入的附件文件，为安全起见不能使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 含有打开其他文件的链接，为安全起见不能使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 含有提交或导入数据的表单动作，为安全起见不能使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 含有脚本（JavaScript），为安全起见不能使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 已加密或设有密码，请申请人提供未加密的文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 文件不完整（缺少结尾标记）或结尾附带了其他数据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 文件头之前有多余数据（可疑的复合文件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 文件结构已损坏，请申请人重新导出，或扫描纸质件代替</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 有 {n} 页，超过上限 {limit} 页，请分成多个材料或联系管理员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{name}”的分隔页后没有材料页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不是普通文件（可能是文件夹或设备）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>图像中夹带了网页、脚本或其他文件的数据（可疑的复合文件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>图像尺寸无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>图像尺寸过大（超过 {mp} 百万像素），可能是恶意构造的文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>图像数据不完整或已损坏（可能传输中断）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>图像有 {n} 帧，超过上限 {limit} 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>图像结尾之后附带了其他数据（可疑的复合文件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扩展名是 {suffix}，但内容不是图像或 PDF（文件已损坏或被改名）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描仪 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描仪没有送来图像数据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描仪送来的图像格式无法识别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描失败：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描的页面过大，请降低分辨率后重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到扫描仪 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件不存在</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件中夹带了压缩包数据（可疑的复合文件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件为空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件内容不完整</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件在读取过程中发生了变化，请重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件无法读取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件无法读取（可能没有权限或正被占用）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件过大（{mb} MB，上限 {limit} MB）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法使用 Windows 图像采集（WIA）服务：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法打开扫描仪 {name}：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法移动已扫描的文件 {name}：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法识别的文件内容，只能使用 JPEG、PNG、TIFF 图像或 PDF 文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有 {n} 页不在任何分隔页之后，请手动归类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未安装扫描仪支持组件（comtypes）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料分隔页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在停止：等这一页扫描完…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在扫描第 {n} 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>监视文件夹 {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>监视文件夹不存在：{folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 {n} 张，共 {total} 张 · 扫描时本页会被自动识别并移除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 {n} 页是分隔页，但材料编号 {code} 不属于本事项，其后的页面未归类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该扫描仪不支持双面扫描</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该扫描仪没有自动进纸器，请改用平板扫描</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这是{what}，只能使用 JPEG、PNG、TIFF 图像或 PDF 文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>进纸器中没有纸张</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>页数超过上限（{n} 页），请分批采集</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（无名文件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未知的扫描仪：{id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到 SANE 扫描仪驱动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请安装 libsane1（Debian/Ubuntu: sudo apt install libsane1）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cases</name>
    <message>
        <source>日期应写作 YYYY-MM-DD，例如 2026-11-22</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（还有更早的办件，请加 --limit 或缩小条件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结期限：{due}  {light}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上报状态：{state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>出证：{at}  {how}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到办件 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请核对受理编号；只能查到本窗口受理的办件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{name}”的本地副本已按保留期限删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统保存着该材料，请在中心系统中查看。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{name}”的本地文件缺失或已损坏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请运行“doctor --deep”检查数据，并联系管理员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理</source>
        <translation type="unfinished">Intake</translation>
    </message>
    <message>
        <source>补正告知</source>
        <translation type="unfinished">Corrections requested</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation type="unfinished">Refused</translation>
    </message>
    <message>
        <source>初审</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>复审</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>绿灯</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>黄灯</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>红灯</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已送达中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式（不上报）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>起始日期晚于截止日期，请重新选择日期范围。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>每页条数须大于零。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{item}”是承诺件，不能在窗口即办决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予{item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予行政许可须写明理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>决定已记录（{number}），但决定书未能生成：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>准予{item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 已作出决定（{number}），不能再次决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 当前环节为“{stage}”，只有已受理的即办件可以即办决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>可稍后用 documents --case {n} --kind {kind} 补出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如需重新出具决定书，请补打。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺件的决定由审批人员在中心系统作出，决定到达后即可出证。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请写明不予许可的事实和理由（行政许可法第三十八条第二款），将印在决定书上。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>输出位置无效：{path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>clock</name>
    <message>
        <source>快</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>慢</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机时间比中心系统{where}约 {minutes} 分钟（本机 {local}，中心 {central}），暂停受理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>系统时间 {now} 早于本机已记录过的时间 {seen}：时钟被调回或已失准，暂停受理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>系统时间为 {now}，不可能正确（本软件发布于 {year} 年），暂停受理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请把电脑的日期和时间改正（Windows：设置 → 时间和语言 → 立即同步），改正后即可继续受理；如每次开机时间都不对，请联系管理员更换主板的 CMOS 电池。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>config_file</name>
    <message>
        <source>无法写入配置文件 {path}：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法读取配置文件 {path}：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未知的设置项：{key}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请在各窗口安装相同版本后再导入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请改正上述设置项后重新导入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这不是窗口受理客户端的配置文件（缺少 &quot;format&quot;: &quot;{format}&quot;）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置文件不是有效的 JSON（UTF-8）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置文件有误，未导入任何设置：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置文件由较新版本的本程序导出（格式版本 {v}，本程序支持 {ours}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置文件的版本号无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置文件缺少 settings 部分</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置文件输出位置无效：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置文件过大（超过 1 MB），不是本程序导出的配置文件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>connect</name>
    <message>
        <source>中心系统地址应以 https:// 开头</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统地址必须使用 https://（http:// 会明文传送密码，只允许本机地址）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA 证书文件不存在或无法读取：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口编号应为 1–5 位大写字母或数字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请输入密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这个配置目录是在没有受保护系统密钥库的电脑上建立的培训目录，不能转为联网使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请在有系统密钥库（Windows 凭据管理器、GNOME 密钥环或 KWallet）的电脑上，用新的配置目录登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此配置目录中有 {n} 件培训办件，不能转为联网模式；请为联网使用新的配置目录（--profile）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式没有中心系统，请用离线登录</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>datakey</name>
    <message>
        <source>找不到这个配置目录的数据密钥（{path}）：材料文件和文书无法解密。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件使用了未知的数据密钥加密（密钥编号 {kid}）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法访问系统密钥库：{detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>系统密钥库（{name}）不能安全保存数据密钥，本程序拒绝使用它。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请使用 Windows 凭据管理器、Secret Service（GNOME 密钥环/KWallet）或 macOS 钥匙串；不要配置明文文件或空的密钥库后端。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请确认已登录桌面会话且密钥库已解锁，然后重试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请运行 keys rotate-data-key 完成密钥轮换，或联系管理员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这个配置目录可能是从另一台电脑复制来的，或本机的系统密钥库被重置。请在原来的电脑上打开它，或联系管理员恢复密钥库。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>db</name>
    <message>
        <source>数据库由较新版本的本程序写入（数据库版本 {current}，本程序 {target}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请安装较新版本的窗口受理客户端后再打开这个配置目录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库文件损坏：{detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据关联缺失：表 {table} 第 {row} 行引用的 {parent} 记录不存在</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>doctor</name>
    <message>
        <source>{n} 个材料文件内容已损坏（与登记的校验值不符）：{files}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 件已受理的办件没有出具受理回执，请补打：{cases}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统可以连接</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统登录已失效，请重新登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>仍有旧版本留下的未加密文件（已损坏，无法加密）；详见数据检查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发现问题，请按上面标 ✗ 的项目处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>可用于恢复的备份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回应的不是中心系统：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式</source>
        <translation type="unfinished">Training mode</translation>
    </message>
    <message>
        <source>培训模式：本机没有受保护的系统密钥库，数据密钥保存在配置目录中；仅供培训，请勿录入真实材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密钥库：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已受理的办件都已出具受理回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待同步 {n} 项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>所有材料文件的内容与校验值一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>扫描仪：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据密钥轮换未完成（文件仍可读取）；请再次运行 keys rotate-data-key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库完整，审计链完好，材料文件齐全</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库文件损坏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库无法打开：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据检查发现问题：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书所署部门：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法查找扫描仪：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂时无法连接中心系统：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有 {n} 个材料文件不属于任何办件（中断的受理留下的），启动窗口时会自动清理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有 {n} 件办件被中心系统拒绝，需要处理（窗口“同步队列”或 queue 命令查看原因）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未发现扫描仪：检查连线、电源和驱动；也可用高拍仪、监视文件夹或导入文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料文件、文书和数据库已加密保存（数据密钥 {kid}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>检查时出错：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>检查通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有可用的系统密钥库（{name}），联网模式无法保存登录凭据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>监视文件夹不存在或无法访问：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>磁盘剩余 {gib} GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>磁盘剩余空间不足：{gib} GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缺少 {years} 年节假日安排，时限按法定节假日暂定；请在“节假日管理”中录入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联网模式：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>节假日安排齐全</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设置的扫描仪 {id} 未找到，现有：{names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置目录中没有数据库备份（升级前的自动备份或最近一次完好的副本）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>documents</name>
    <message>
        <source> · 扫描件 {files} 份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{document}，成文日期：{date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{form} {count} 份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{y}年{m}月{d}日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>、</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理通知书依第三十二条第一款第（二）项作出的，必须告知申请人向哪个行政机关申请：该案件没有登记有关行政机关。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理通知书必须写明理由：该案件没有不予受理的理由。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予行政许可决定书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予行政许可决定书必须说明理由：该决定没有理由。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项编码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代收人签名及代收理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代理人：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>份数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>作废原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>作废文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>作废盖章文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>作废须写明原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>你</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>你单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>使用行政审批专用章出具“{kind}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>决定书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>准予行政许可决定书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 没有“{kind}”：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理地址：{value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>即办件，当场办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原件</source>
        <translation type="unfinished">Original</translation>
    </message>
    <message>
        <source>原件及复印件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理人：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理回执（补打）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理时间：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理窗口：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理编号</source>
        <translation type="unfinished">Case number</translation>
    </message>
    <message>
        <source>受理编号：{n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受送达人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受送达人签名（盖章）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>另行告知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>咨询电话：{value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在窗口作出即办决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训样本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式 · 不具法律效力</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>复印件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未从中心系统获取本部门信息（名称、地址、印章），不能出具文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已盖章</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>年</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>延期通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>形式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>微信或浏览器扫码查询办理进度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>微信或浏览器扫码查询办理进度、评价服务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺办结时限：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收取材料（共 {n} 项）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板 {path} 不是有效的 TOML：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板“{where}”使用了未知的占位符“{{{name}}}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板“{where}”应为一节（[{key}]）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板“{where}”必须写明救济途径（remedies）：行政复议和行政诉讼</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板“{where}”无法填写：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板“{where}”格式错误：{error}（花括号须成对，要印出花括号请写 {{{{ 或 }}}}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板“{where}”的 {key} 应为文字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板“{where}”的 {key} 应为文字列表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板“{where}”缺少标题（title）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书模板缺少“{kind}”一节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法保存到 {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法读取文书模板 {path}：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>时间</source>
        <translation type="unfinished">Time</translation>
    </message>
    <message>
        <source>月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有效期限：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到办件：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到要作废的文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未盖章</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未配置部门签名证书，不能出具电子签名的决定书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料名称</source>
        <translation type="unfinished">Material</translation>
    </message>
    <message>
        <source>查询方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>案件标识：{id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>法律依据：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特别程序告知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <source>用印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用印登记簿未能保存：{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请不符合受理条件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请事项依法不属于本机关职权范围</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请事项依法不需要取得行政许可</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>直接送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第{clause}项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>经办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束日期 {end} 早于开始日期 {start}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>自{start}起至{end}止</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>自{start}起长期有效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>行政许可决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>行政许可决定书必须有文号：该决定没有文号。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补打</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补打“{kind}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补正内容及原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补正材料通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>见证人签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>许可内容：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件号码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该办件没有登记听证、检验、检测、鉴定或专家评审，不能出具告知书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该办件没有经负责人批准的延期，不能出具延期通知书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该文书须在相应的受理、补正、不予受理或审批决定之后才能出具</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该案件尚未作出决定，不能出具行政许可决定书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该案件尚未作出决定，没有需要送达的决定书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该案件没有需要补正的材料，不能出具补正材料通知书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该案件的决定是不予许可，不能出具准予行政许可决定书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该案件的决定是准予许可，不能出具不予行政许可决定书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请{you}向{body}提出申请。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请妥善保管本回执，凭受理编号查询办理进度，凭本回执领取办理结果。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请把开始日期改为不晚于结束日期。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请检查文件是否被其他程序打开，或换一个位置保存。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请管理员用 keys import 或“设置 → 签名证书”导入部门证书或 UKey。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请联网后同步一次（窗口的“立即同步”，或运行 sync），再出具文书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择一个已存在的文件夹和文件名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达回证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达地点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达文书名称及文号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>通知书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>长期有效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需补正的材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预计办结日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（代理人：{name}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（培训样本）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（暂定：调休安排未公布，已按法定节假日计算）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（未收取申请材料）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（补打）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到可嵌入的中文 TrueType 字体：请安装仿宋（simfang.ttf）或宋体（simsun.ttc），或恢复程序自带的 resources/fonts/FandolFang-Regular.ttf.gz。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>程序自带</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows 字体</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正文字体：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>标题字体：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>小标题字体：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>页码字体：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>生僻字字体（依次使用）：{files}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日期应写作 YYYY-MM-DD，例如 2026-11-22</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <source>加密文件已损坏或被截断：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请运行 doctor 检查数据；必要时从备份恢复这个配置目录。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>handover</name>
    <message>
        <source>--authorization 须与 --agent-name 一起使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予行政许可决定书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代理人领取须提交申请人的授权委托书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>写明省、市、区县、街道和门牌号，以及收件人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>准予行政许可决定书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>出证送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 尚未作出审批决定（当前环节：{stage}），不能出证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 已于 {at} 出证（{how}），不能重复出证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 已出证并办结：{how}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 已办结，不能出证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件未登记申请单位的法定代表人，不能由法定代表人领取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>可用 documents --case {n} --kind delivery-receipt 补打</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如需再次提供文书，请补打</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>委托代理人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批决定作出后，办件会出现在“待出证”中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已出证并办结，但送达回证未能生成：{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权委托书文件不存在：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到办件：{n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核验领取人的身份证件后录入号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation type="unfinished">Legal representative</translation>
    </message>
    <message>
        <source>申请人是个人，没有法定代表人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人本人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请单位的决定须由其法定代表人或持授权委托书的代理人领取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>直接送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>直接送达，委托代理人{name}凭授权委托书领取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>直接送达，法定代表人{name}领取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>直接送达，申请人{name}本人领取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写代理人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写完整的邮寄地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写承运的快递或邮政企业，例如中国邮政 EMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写领取人的证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请扫描或导入授权委托书后再出证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请核对证件；由他人代领的，须填写代理人姓名并扫描或导入授权委托书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请核对领取人的身份证件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请由持授权委托书的代理人领取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择法定代表人领取，或填写代理人姓名并扫描或导入授权委托书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>输出位置无效：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>运单号“{n}”有误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>运单号由 6–40 位字母、数字组成，请照快递面单填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄送达（{carrier}，运单号 {waybill}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>领取人证件号码与申请人{name}的证件号码不符，不能出证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>领取人证件号码有误：{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>领取授权委托书</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>health</name>
    <message>
        <source>已 {hours} 小时未与中心系统同步（待同步 {n} 条），暂停受理新办件；请恢复网络并完成同步，或联系管理员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已 {hours} 小时未与中心系统同步（待同步 {n} 条），请尽快恢复网络。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ids</name>
    <message>
        <source>{doc}中的出生日期{y}年{m}月{d}日早于1900年1月1日，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}中的出生日期{y}年{m}月{d}日晚于今天，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写{doc}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}只能由数字组成（最后一位可以是X），不能含有“{char}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}应为18位，当前为{n}位。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}只有最后一位校验码可以是X，第{pos}位不能是X。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}第7至14位的出生日期“{raw}”不是真实存在的日期，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}校验位不符，号码中可能有录错或颠倒的字符，请逐位核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>居民身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这是15位的第一代居民身份证号码，第一代居民身份证已于2013年1月1日停止使用，请提供18位的第二代居民身份证号码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>号码以{code}开头，是港澳台居民居住证号码，请将证件类型改为港澳台居民居住证。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}前6位地区代码“{code}”是省级代码，户籍地应为县级行政区划，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}前6位地区代码“{code}”不是有效的行政区划代码，请核对；如确认号码无误，请联系管理员更新行政区划代码表。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>港澳台居民居住证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}前6位应为810000（香港）、820000（澳门）或830000（台湾），当前为“{code}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新版（2023年起签发，18位）外国人永久居留身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}第1位应为9，当前为“{c}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}第2至3位受理地代码“{code}”不是有效的省级行政区划代码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>旧版（15位）外国人永久居留身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}应为15位，当前为{n}位。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}前3位应为英文字母的国籍代码，当前为“{code}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}第4至15位只能是数字，不能含有“{char}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}第4至5位受理地代码“{code}”不是有效的省级行政区划代码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{doc}第6至11位的出生日期“{raw}”不是真实存在的日期，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写外国人永久居留身份证号码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>外国人永久居留身份证号码应为18位（2023年起签发的新版，以9开头）或15位（旧版，以3个英文字母开头），当前为{n}位。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写统一社会信用代码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码只能由数字和大写字母组成（不使用I、O、S、V、Z），不能含有“{char}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码应为18位，当前为{n}位。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码第1位登记管理部门代码不能是0。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码第2位机构类别代码不能是0。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码第3至8位应为6位数字的行政区划代码，当前为“{code}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码第3至8位“{code}”不是有效的行政区划代码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码校验位不符，代码中可能有录错或颠倒的字符，请逐位核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码第9至17位（组织机构代码）校验不符，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写护照号码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>护照号码只能由英文字母和数字组成，不能含有“{char}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>护照号码应为5至17位，当前为{n}位。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>护照号码中应至少含有一个数字。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中国护照号码第2位不使用字母I或O，请确认是否应为数字1或0。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>intake</name>
    <message>
        <source>受理回执生成失败：{error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>intake_json</name>
    <message>
        <source>materials 应为数组</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refusal_clause 应为整数 1 或 2（第三十二条第一款的项）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supplement 应为数组</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supplement 的每一项应为对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} 应为对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} 的取值 {value!r} 无效，应为：{allowed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.copies 应为整数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.files 应为路径数组</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} 应为 true 或 false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} 应为文本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缺少 {where}.{key}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请求应为 JSON 对象</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>另一个程序正在同步此配置目录，等待它完成…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>phones</name>
    <message>
        <source>请填写手机号码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只能填写中国大陆手机号码（+86）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>手机号码只能由数字组成，不能含有“{char}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>手机号码应为11位数字，当前为{n}位。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>手机号码应以13至19开头，“{prefix}”不是手机号段。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写固定电话号码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>固定电话号码只能由数字、分隔符“-”和分机号组成，不能含有“{char}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>固定电话号码缺少区号，请按“区号-号码”填写，如0571-87654321。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>固定电话号码应以区号开头（以0开头），如0571-87654321或010-12345678。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>固定电话号码区号{area}后应为7至8位号码，当前为{n}位。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>固定电话号码区号{area}后的号码不能以0或1开头。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写联系电话。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{number}”是服务热线，不能作为联系电话，请填写本人手机或固定电话。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rating</name>
    <message>
        <source>一次性告知不清楚</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 已于 {at} 评价为“{level}”，每个办件只能评价一次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 未受理，不能评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 没有待处理的差评</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理时间长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理差评</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理差评须写明跟进情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>好差评针对已受理的办件；补正或不予受理的申请请在受理后评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>好差评：共 {total} 条（{levels}），差评率 {rate}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>好差评：本期暂无评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工作人员态度不好</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>差评须写明原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到办件：{n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>环境或设施不便</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>等候时间长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>要求提交的材料过多</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评价分值“{score}”无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评价原因过长（最多 {n} 字）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请申请人选择或说明不满意的原因，便于首席代表跟进整改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择 1（非常不满意）到 5（非常满意）之间的一个分值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>replies</name>
    <message>
        <source>不是有效的 JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不符合约定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>与发送的不一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统的答复不符合接口约定（{what}），按连接故障处理，稍后自动重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无内容类型</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>restore</name>
    <message>
        <source>含有不允许的文件名 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>含有清单之外的文件 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份文件已损坏或不完整，未做任何恢复：{detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份由较新版本的本程序生成（数据库版本 {v}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份由较新版本的本程序生成（格式版本 {v}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到备份文件：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库副本无法用这个配置目录的数据密钥解密</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库副本无法读取：{detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件 {name} 与清单中的哈希不符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件 {name} 比清单记载的大</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有重复的文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料文件 {sha} 无法解密或与其哈希不符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有清单文件 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>清单不完整</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>清单中 {name} 的记录无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>清单文件无法读取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>磁盘空间不足：恢复需要 {need} MB，剩余 {free} MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缺少文件 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缺少材料文件 {sha}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先关闭窗口并停止 sync 后再恢复；若程序曾异常退出，先运行一次 doctor。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请安装相同或较新版本后再恢复。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请换用另一份备份（例如前一天的自动备份）；现有数据保持原样。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这不是窗口受理客户端的备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置目录 {path} 正在使用（窗口或同步正在运行），未做任何恢复</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rules</name>
    <message>
        <source>{chars}无法打印（字库中没有这个字符），请核对{what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理须填写理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理须选择依据：第三十二条第一款第（一）项（依法不需要取得行政许可）或第（二）项（不属于本机关职权范围）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代理人</source>
        <translation type="unfinished">Agent</translation>
    </message>
    <message>
        <source>代理人须为自然人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>依第（二）项不予受理的，须填写申请人应当向其申请的行政机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>信息含有不可见的控制字符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>名称过长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>地址</source>
        <translation type="unfinished">Address</translation>
    </message>
    <message>
        <source>复印件份数应在0至{max}之间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>复印件应提交{need}份，实收{got}份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名或名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名或名称不能为空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名或名称含有不可见的控制字符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有关行政机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到事项：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未提交原件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料不齐，不能受理：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料重复填写：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation type="unfinished">Legal representative</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation type="unfinished">Applicant</translation>
    </message>
    <message>
        <source>的证件类型与申请人类型不符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联系电话：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补正告知须列明需补正的材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补正告知须填写补正说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补正理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件号码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该事项不受理此类申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该事项没有此材料：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明中含有不可见的控制字符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请写明补正理由：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>screen</name>
    <message>
        <source>快捷键 %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>secrets</name>
    <message>
        <source>本机没有可用的系统密钥库（如 Windows 凭据管理器、Secret Service），无法安全保存登录凭据；请联系管理员安装后再登录。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sender_lock</name>
    <message>
        <source>另一个程序正在同步此配置目录（本机的窗口或另一个 sync 命令）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>等它同步完成后再试；窗口会在对方结束后自动继续同步。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>“{label}”只能取：{choices}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{label}”应在 {lo} 至 {hi} 之间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{label}”的值类型不对</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{label}”的格式不对</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>signing</name>
    <message>
        <source>PKCS#12 证书文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 上有多个签名密钥（{labels}），无法确定使用哪一个。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 上没有带证书的签名密钥。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 上没有标签为“{label}”的签名密钥（有：{labels}）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 只剩最后一次输入 PIN 的机会，本程序不再尝试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 已被锁定（PIN 输错次数过多）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 无法打开：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 的 PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 的 PIN 不正确。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey 签名失败：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UKey（PKCS#11）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}可用：{subject}，有效期至 {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}将于 {date} 过期（还剩 {days} 天），请及时申请新证书并导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}已于 {date} 过期，决定书无法签名；请导入新证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}自 {date} 起才生效；请检查本机时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>主体：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在插槽 {slot} 中没有找到 UKey。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式：决定书用培训证书签名（不具法律效力）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训证书口令不能为空。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训证书（不具法律效力）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入 UKey 需要 --slot（用 pkcs11-tool -L 查看插槽编号）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入部门签名证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入：{at}，由 {who}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导入{what}：{subject}，有效期至 {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>指纹（SHA-256）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书 PDF 已加密，无法签名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书 PDF 无法签名（文件不完整或格式错误）：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法加载 UKey 驱动 {module}：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法读取签名证书文件 {path}：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有效期：{start} 至 {end}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未导入：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未导入：{path} 太大，不是 PKCS#12 证书文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未导入：找不到 UKey 驱动文件 {module}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未导入：无法写入系统密钥库：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未导入：无法读取 {path}：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未导入：本机的密钥库（{name}）不能安全保存证书口令或 PIN。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未导入：没有输入 UKey 的 PIN。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未配置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未配置部门签名证书，不能出具决定书；请管理员用 keys import 导入证书或 UKey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本程序未安装 PKCS#11 支持（python-pkcs11）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名密钥：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名证书口令不正确，无法打开证书文件 {path}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名证书已于 {date} 过期，不能用于签名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名证书文件 {path} 中的私钥与证书不匹配。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名证书自 {date} 起才生效，现在还不能用于签名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>系统密钥库中没有部门签名证书的{what}（可能已被清除）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联网模式下不能出具电子签名的决定书；请用 keys import 导入部门证书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证书口令</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证书口令：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请使用颁发给本部门、用于签名的证书（而不是加密证书）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请向证书颁发机构申请 RSA 或 ECDSA 签名证书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请向证书颁发机构申请新证书，由管理员用 keys import 或“签名证书”窗口导入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请向证书颁发机构索取私钥与证书配套的 PKCS#12 文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请在已登录的桌面会话中使用 Windows 凭据管理器或 Secret Service 后重试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请在标准输入中输入 PIN。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写 UKey 厂商驱动的 PKCS#11 模块文件的完整路径（.dll 或 .so）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请导出包含私钥和证书的 PKCS#12 文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请插入部门 UKey；用 pkcs11-tool -L 查看插槽编号。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请检查本机日期和时间是否正确。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请用 --label 指定上面列出的一个标签。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请用 --label 指定其中一个标签。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请用 keys import --pkcs11 重新输入 PIN；多次输错会锁定 UKey。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请确认 PIN 后用 keys import --pkcs11 重新导入，或联系证书颁发机构。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请确认 UKey 仍插在本机上，然后重试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请确认密钥库已解锁，然后重试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请确认已安装 UKey 厂商的驱动，并填写其 PKCS#11 模块文件的完整路径。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请确认插入的是部门的签名 UKey。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请确认文件路径正确且有读取权限。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请管理员用 keys import 或“设置 → 签名证书”重新导入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请联系证书颁发机构解锁。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择证书颁发机构提供的 .p12 或 .pfx 文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请重新插入 UKey 后再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请重新输入证书口令（区分大小写）；忘记口令请联系证书颁发机构。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>部门签名证书文件 {path} 缺失或已损坏。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置部门签名 UKey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>颁发者：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>驱动：{module}，插槽 {slot}，密钥标签 {label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名证书文件 {path} 中缺少证书或私钥。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名证书文件 {path} 已损坏或不是 PKCS#12（.p12/.pfx）文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名证书的密钥类型不受支持（仅支持 RSA 和 ECDSA）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该证书不允许用于数字签名（密钥用法中没有数字签名）。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>stats</name>
    <message>
        <source>事项</source>
        <translation type="unfinished">Item</translation>
    </message>
    <message>
        <source>事项编码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>合计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按受理人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法保存到 {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日期“{text}”无法识别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计区间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计区间的结束日期 {end} 早于开始日期 {start}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计区间：{label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计表未能保存：{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请把开始日期改为不晚于结束日期。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请按 YYYY-MM-DD 填写，如 2026-03-01。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请检查文件是否被其他程序打开，或换一个位置保存。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择一个已存在的文件夹和文件名。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>storage</name>
    <message>
        <source>数据库已换用新的数据密钥（管理员轮换了密钥），这个窗口不能再读取它</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库文件不能用这个配置目录的数据密钥解密（可能是从另一个配置目录或另一台电脑复制来的，或文件开头已损坏），未做任何改动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库文件已损坏，为保护已有数据，程序已停止写入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>磁盘空间已满，本次操作没有保存（已保存的办件不受影响）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请关闭程序，由管理员用备份恢复：把损坏的 {db} 移走，再把下列备份之一复制为 {db}：{found}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请关闭窗口后重新打开；已保存的数据不受影响。配置目录：{profile}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请清理配置目录所在磁盘上的文件（如回收站、下载目录、旧的导出文件），留出至少 1 GB 后重试。配置目录：{profile}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>配置目录中没有自动备份；请关闭程序，由管理员从最近一次的备份副本恢复 {db}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>；运行 doctor 可查看详情。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>store</name>
    <message>
        <source>数据库文件为空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料文件缺失：{sha}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>supervision</name>
    <message>
        <source>{kinds}期间暂停计时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}结束日期 {end} 早于开始日期 {start}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} 没有督办权，不能答复督办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{years} 年调休安排未公布，办结日期暂定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统记为“{label}”（{who}{note}），本窗口未登记暂停</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统记为“{label}”（{who}{note}），本窗口计算为{local}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>催办须写明内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 不在办理中（受理至复审），其时限不能暂停或延长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 不在后台办理中，无需催办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 不在待补正状态，不能补交材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件已有进行中的{kind}，请先登记其结束</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件已经延期过一次，行政许可法第四十二条只允许延期一次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件没有材料“{code}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件没有进行中的{kind}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有听证、检验、检测、鉴定、专家评审可以暂停计时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只能对初审、复审或决定环节催办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>延期须写明批准的负责人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>延期须写明理由（将告知申请人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>延长期限应为 1 至 30 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂停开始日期不能早于受理日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂停开始日期不能晚于今天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂停结束日期不能晚于今天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂停计时须写明事由（将书面告知申请人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到办件：{n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未找到该督办通知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料文件不存在：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有收到任何补正材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复督办须写明情况（说明理由或办结情况）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该督办已答复，不能重复答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先扫描或登记补交的材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请由首席代表答复</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>support_bundle</name>
    <message>
        <source>无法写入 {path}：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>输出位置无效：{path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>{n} 条审计记录尚未上报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 条操作尚未发送：{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>与中心系统的连接中断，恢复后自动同步（{error}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步出错，稍后自动重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步出错：{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审计记录或变更同步被拒绝：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未知的操作类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本地材料文件无法读取（{error}），请运行 doctor 检查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>等待下次同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需处理</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sync_cli</name>
    <message>
        <source>全部同步完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {n} 项待同步，其中需处理 {p} 项，{mb} MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步队列为空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>培训模式没有中心系统可同步；请先用 login 连接中心系统。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚有 {n} 项未同步：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已发送 {sent} 条，拉取变更 {changes} 条，上报审计 {audit} 条，清理本地材料 {purged} 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已有 {s} 秒没有任何进展，本次同步停止；稍后再试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待重试</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>test_page</name>
    <message>
        <source>80 毫米回执打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A4 文书打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中文字样：政务服务窗口受理通知书，一次性告知。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印测试页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>时间：{when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此线应长 {n} 毫米</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口受理客户端 打印测试页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口：{window}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>纸张：{paper}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tus</name>
    <message>
        <source>上传反复失败，稍后将自动重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统没有返回上传地址</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>verify</name>
    <message>
        <source>  不一致：{number}：{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  重新发送：{number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上次与中心核对（{when}）：中心已确认 {ok} 件，重新发送 {resent} 件，不一致 {bad} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统保存的办件内容与本地不同</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心系统的材料 {name} 与本地文件不同</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未发送过的 {n} 件在队列中等待</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本地材料文件已不存在，中心系统没有这份材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料 {name} 的本地文件已不存在，无法重新上传（请重新采集后补交）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核对 {n} 件未办结办件：中心已确认 {ok} 件，重新发送 {resent} 件，不一致 {bad} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核对发现中心系统没有收到，重新发送</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>数据库已损坏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补交材料…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特别程序（暂停计时）…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特别程序结束…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>延长办理期限…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {n} 已登记，承诺办结日期 {due}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先在“今日办件”中选中一件待补正的办件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>workdays</name>
    <message>
        <source>日期 {date} 不在 {year} 年内</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日期 {date} 不能既放假又上班</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 {line} 行：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日期“{text}”无效，应写作 2027-10-01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>应写作“休 2027-10-01”或“休 2027-10-01 至 2027-10-07”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束日期 {last} 早于开始日期 {first}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法识别“{text}”，每行应以“休”或“班”开头</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日期 {date} 在第 {other} 行已登记为“{kind}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{year} 年节假日安排（休：放假；班：调休上班）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>节假日安排缺少有效的年份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>节假日安排的日期列表格式错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>节假日安排含无效日期：{error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
