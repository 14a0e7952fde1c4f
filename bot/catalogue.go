package bot

// catalogue holds every user-visible string in English and Chinese
// (zh-CN). Format verbs use explicit indexes (%[1]s) so that a translation
// can order words differently. Keys are grouped by what they belong to.
var catalogue = map[string]struct{ en, zh string }{
	// Report kinds.
	"kind.display":    {"Shelf display", "终端产品陈列"},
	"kind.stock":      {"Merchandising / stock", "产品理货"},
	"kind.pop":        {"POP placement", "POP发放"},
	"kind.outlets":    {"Outlet development & coverage", "网点开发与覆盖率"},
	"kind.sales":      {"Outlet sales", "终端销售"},
	"kind.promo":      {"Promotion feedback", "终端促销反馈"},
	"kind.region":     {"Regional sales status", "区域销售状况"},
	"kind.competitor": {"Competitor intel", "竞品市场信息"},
	"kind.customer":   {"Customer feedback", "客户反馈"},
	"kind.payment":    {"Payment collection", "回款状态"},

	"kind.item":      {"%[1]s (%[2]s)", "%[1]s（%[2]s）"},
	"duration.paren": {" (%[1]s)", "（%[1]s）"},
	"choice.item":    {"%[1]s (%[2]s)", "%[1]s（%[2]s）"},

	// Report fields.
	"field.name":          {"%[1]s (%[2]s)", "%[1]s（%[2]s）"},
	"field.outlet":        {"Outlet", "门店"},
	"field.facings":       {"Facings", "排面数"},
	"field.position":      {"Shelf position", "陈列位置"},
	"field.compliant":     {"Matches plan", "符合陈列标准"},
	"field.note":          {"Note", "备注"},
	"field.sku":           {"SKU", "产品编码"},
	"field.on_shelf":      {"On shelf", "在架数量"},
	"field.out_of_stock":  {"Out of stock", "缺货"},
	"field.material":      {"Material", "物料"},
	"field.quantity":      {"Quantity", "数量"},
	"field.outlets":       {"Outlets", "投放门店"},
	"field.campaign":      {"Campaign", "活动"},
	"field.new_outlets":   {"New outlets", "新开网点"},
	"field.total_outlets": {"Total outlets", "网点总数"},
	"field.coverage":      {"Coverage", "覆盖率"},
	"field.area":          {"Area", "区域范围"},
	"field.units":         {"Units", "销量"},
	"field.amount":        {"Amount", "销售额"},
	"field.response":      {"Response", "反响"},
	"field.period":        {"Period", "期间"},
	"field.revenue":       {"Revenue", "销售收入"},
	"field.highlights":    {"Highlights", "重点情况"},
	"field.brand":         {"Brand", "品牌"},
	"field.activity":      {"Activity", "竞品动作"},
	"field.price":         {"Price", "价格"},
	"field.customer":      {"Customer", "客户"},
	"field.sentiment":     {"Sentiment", "评价倾向"},
	"field.topic":         {"Topic", "主题"},
	"field.due":           {"Amount due", "应收金额"},
	"field.collected":     {"Collected", "已收金额"},
	"field.due_date":      {"Due date", "到期日"},

	// Other names of fields, as people call them, beside the key and the
	// labels (bot.Match): "synonyms." and the label's key, the names
	// separated by commas or 、. A synonym that would name two fields of one
	// kind names neither.
	"synonyms.field.amount":      {"sales amount, value", "金额、销售金额"},
	"synonyms.field.revenue":     {"income, turnover, sales", "营收、营业额、收入"},
	"synonyms.field.due":         {"receivable, owed", "应收、应收款"},
	"synonyms.field.collected":   {"paid, received", "已收、已收款、回款"},
	"synonyms.field.due_date":    {"due on, deadline", "到期、到期日期"},
	"synonyms.field.sentiment":   {"mood, attitude", "情绪、态度"},
	"synonyms.field.note":        {"comment, remark, feedback", "反馈、说明"},
	"synonyms.field.new_outlets": {"new stores, opened", "新增网点"},
	"synonyms.field.units":       {"qty, pieces", "数量"},
	"synonyms.field.outlet":      {"store, shop", "网点、终端、店"},
	"synonyms.field.customer":    {"client", "客户名称"},
	"synonyms.field.sku":         {"product code, item", "货号、编码"},

	// Choices.
	"choice.position.eye":         {"eye level", "黄金视线位"},
	"choice.position.top":         {"top shelf", "顶层"},
	"choice.position.bottom":      {"bottom shelf", "底层"},
	"choice.position.endcap":      {"end cap", "端架"},
	"choice.position.floor":       {"floor stand", "地堆"},
	"choice.response.strong":      {"strong", "强"},
	"choice.response.ok":          {"ok", "一般"},
	"choice.response.weak":        {"weak", "弱"},
	"choice.activity.price_cut":   {"price cut", "降价"},
	"choice.activity.promotion":   {"promotion", "促销"},
	"choice.activity.new_product": {"new product", "新品"},
	"choice.activity.display":     {"display", "陈列"},
	"choice.activity.other":       {"other", "其他"},
	"choice.sentiment.positive":   {"positive", "正面"},
	"choice.sentiment.neutral":    {"neutral", "中性"},
	"choice.sentiment.negative":   {"negative", "负面"},
	"value.all":                   {"all", "全部"},
	"synonyms.value.all":          {"everyone, everybody", "所有、全体、所有人、全员、全部区域"},
	"list.separator":              {", ", "、"},
	"value.yes":                   {"yes", "是"},
	"value.no":                    {"no", "否"},

	// Currencies (value.Currencies), by ISO 4217 code, and an amount in one.
	"money.amount": {"%[2]s %[1]s", "%[2]s %[1]s"},
	"currency.CNY": {"CNY", "人民币"},
	"currency.USD": {"USD", "美元"},
	"currency.EUR": {"EUR", "欧元"},
	"currency.GBP": {"GBP", "英镑"},
	"currency.JPY": {"JPY", "日元"},
	"currency.HKD": {"HKD", "港元"},
	"currency.TWD": {"TWD", "新台币"},
	"currency.SGD": {"SGD", "新加坡元"},
	"currency.AUD": {"AUD", "澳元"},
	"currency.CAD": {"CAD", "加元"},
	"currency.KRW": {"KRW", "韩元"},
	"currency.CHF": {"CHF", "瑞士法郎"},

	// Examples shown in errors and forms.
	"example.outlet":     {"Carrefour Pudong", "家乐福浦东店"},
	"example.sku":        {"SKU-1024", "SKU-1024"},
	"example.material":   {"shelf talker", "货架插卡"},
	"example.outlets":    {"Carrefour Pudong, Lotus Xuhui", "家乐福浦东店、易初莲花徐汇店"},
	"example.area":       {"Pudong", "浦东"},
	"example.brand":      {"BrandX", "某品牌"},
	"example.customer":   {"Hualian Supermarket", "华联超市"},
	"example.topic":      {"packaging", "包装"},
	"example.note":       {"busy after 6pm", "晚上6点后客流大"},
	"example.highlights": {"two new chains signed", "签下两家新连锁"},
	"example.yes":        {"yes", "是"},
	"example.text":       {"some text", "一些文字"},

	// Parsing and validation errors. Each names the field and shows an example.
	"error.value.required": {"%[1]s is required. Example: %[2]s=%[3]s", "缺少%[1]s。示例：%[2]s=%[3]s"},
	"error.value.int":      {"%[1]s must be a whole number, like %[2]s.", "%[1]s必须是整数，例如 %[2]s。"},
	"error.value.split":    {"%[1]s: “%[2]s” has a space inside the number: is it one number or a number and a note? Write it without the space, or group thousands by three: 3200, 3 200 or 3,200.", "%[1]s：“%[2]s”的数字中间有空格，无法判断是一个数字还是数字加备注。请去掉空格，或按三位分组：3200、3 200 或 3,200。"},
	"error.value.money":    {"%[1]s must be an amount with at most 2 decimals, like 3,200.50, ¥3200, 3200元 or 3.2万.", "%[1]s必须是金额，最多两位小数，例如 3,200.50、¥3200、3200元 或 3.2万。"},
	"error.value.percent":  {"%[1]s must be a percentage from 0 to 100, like 45 or 45%%.", "%[1]s必须是 0 到 100 的百分比，例如 45 或 45%%。"},
	"error.value.yesno":    {"%[1]s must be yes or no (y, n, true, false, 是, 否).", "%[1]s只能填 是 或 否（也可写 yes、no）。"},
	"error.value.choice":   {"%[1]s must be one of: %[2]s.", "%[1]s只能是以下之一：%[2]s。"},
	"error.value.date":     {"%[1]s must be a date like 2026-12-31 (or today, yesterday, tomorrow).", "%[1]s必须是日期，例如 2026-12-31 或 2026年12月31日（也可写 今天、昨天、明天）。"},
	"error.value.period":   {"%[1]s must be a period: 2026, 2026-Q4, 2026-11 or 2026-W48.", "%[1]s必须是期间：2026（2026年）、2026-Q4（2026年第4季度）、2026-11（2026年11月）或 2026-W48（2026年第48周）。"},
	"error.value.campaign": {"%[1]s must be a campaign id, like 3.", "%[1]s必须是活动编号，例如 3。"},
	"error.value.text":     {"%[1]s is not valid.", "%[1]s无效。"},
	"error.value.negative": {"%[1]s cannot be below zero.", "%[1]s不能是负数。"},
	"error.value.too_big":  {"%[1]s is too large for fieldloop; check the number.", "%[1]s数值过大，请检查。"},
	"error.value.too_long": {"%[1]s is too long: at most %[2]d {2:character|characters}.", "%[1]s太长：最多 %[2]d 个字。"},
	"error.value.currency": {"%[1]s: “%[2]s” is in %[3]s; this organisation counts in %[4]s. Example: %[5]s=3,200.50", "%[1]s：“%[2]s”是%[3]s，本公司统一以%[4]s计价。示例：%[5]s=3,200.50"},
	"error.value.since":    {"%[1]s must be an age like 7d, 24h or 2w, or a date like 2026-11-01.", "%[1]s必须是时长（如 7d、24h、2w）或日期（如 2026-11-01）。"},
	"error.field.unknown":  {"{A:1} %[1]s report has no field “%[2]s”. Its fields are: %[3]s. Example: /report %[4]s %[5]s", "%[1]s报告没有“%[2]s”这个字段。可用字段：%[3]s。示例：/report %[4]s %[5]s"},
	"error.field.twice":    {"%[1]s is given twice; give each field once.", "%[1]s 填了两次，每个字段只能填一次。"},
	"error.args.equals":    {"“=” must follow a field name, like units=12.", "“=” 前面要有字段名，例如 units=12。"},
	"error.args.quote":     {"A quote is not closed. Put values with spaces in quotes: note=\"two words\".", "引号没有闭合。带空格的值请用引号括起来：note=\"两个 词\"。"},
	"error.option.bare":    {"“%[1]s” is not an option=value pair. Example: %[2]s", "“%[1]s”不是“选项=值”的格式。示例：%[2]s"},
	"error.option.unknown": {"There is no option “%[1]s”; the options are: %[2]s.", "没有“%[1]s”这个选项。可用选项：%[2]s。"},
	"error.option.twice":   {"%[1]s is given twice; give each option once.", "%[1]s 填了两次，每个选项只能填一次。"},
	"error.several":        {"Please fix these:", "请修改以下问题："},

	// Report command errors.
	"error.report.kind_first":    {"Say which kind of report first, for example /report sales %[2]s. Kinds: %[1]s.", "请先写报告类型，例如 /report sales %[2]s。类型：%[1]s。"},
	"error.report.unknown_kind":  {"There is no report kind “%[1]s”. Kinds: %[2]s. Example: /report sales units=12", "没有“%[1]s”这种报告。可用类型：%[2]s。示例：/report sales units=12"},
	"error.report.bare_words":    {"“%[1]s” is not a field=value pair, and {a:2} %[2]s report has no note. Example: /report %[2]s %[3]s", "“%[1]s”不是 字段=值 的格式，而且 %[2]s 报告没有备注字段。示例：/report %[2]s %[3]s"},
	"error.report.id_missing":    {"Which report? Give its id, for example /report %[1]s 42.", "请给出报告编号，例如 /report %[1]s 42。"},
	"error.report.id_bad":        {"“%[1]s” is not a report id. Example: /report %[2]s 42", "“%[1]s”不是报告编号。示例：/report %[2]s 42"},
	"error.report.not_found":     {"There is no report %[1]v that you can see.", "没有你可以查看的报告 %[1]v。"},
	"error.report.deleted":       {"Report %[1]s is deleted and can no longer be changed.", "报告 %[1]s 已删除，不能再修改。"},
	"error.report.not_author":    {"Only the author of report %[1]s can change it.", "只有报告 %[1]s 的提交人可以修改它。"},
	"error.report.too_old":       {"Report %[1]s is more than 24 hours old; ask an admin to change it.", "报告 %[1]s 已超过 24 小时，请联系管理员修改。"},
	"error.report.conflict":      {"The report was changed at the same moment by someone else; please try again.", "报告刚被其他人修改，请重试。"},
	"error.report.list_option":   {"/report list takes a kind, since=7d, person=ID or region=ID, not “%[1]s”. Example: /report list sales since=7d", "/report list 只接受报告类型、since=7d、person=ID 或 region=ID，不认识“%[1]s”。示例：/report list sales since=7d"},
	"error.report.list_others":   {"You can list your own reports only; your manager and marketing see the team's.", "你只能查看自己的报告；团队的报告由你的上级和市场部查看。"},
	"error.report.person_hidden": {"%[1]s's reports are not yours to read: you read the reports of these regions: %[2]s.", "你无权查看%[1]s的报告；你可以查看这些区域的报告：%[2]s。"},
	"error.region.hidden":        {"%[1]s is not one of your regions; you read the figures of %[2]s.", "%[1]s 不在你负责的区域内；你可以查看 %[2]s 的数据。"},
	"error.region.none":          {"%[1]s is not one of your regions, and you have none: ask an admin.", "%[1]s 不在你负责的区域内，你目前没有负责的区域，请联系管理员。"},
	"error.report.list_region":   {"You read the reports of these regions: %[1]s.", "你可以查看这些区域的报告：%[1]s。"},
	"error.person.unknown":       {"There is no person “%[1]s” in the organisation.", "组织中没有“%[1]s”这个人。"},
	"error.person.unknown_known": {"There is no person “%[1]s” in the organisation. People: %[2]s.", "组织中没有“%[1]s”这个人。人员：%[2]s。"},
	"error.person.left":          {"You have left the organisation, so fieldloop no longer takes your commands. If this is a mistake, ask an admin to run /team restore.", "你已离开本组织，fieldloop 不再接受你的命令。如有误，请联系管理员执行 /team restore。"},
	"team.error.region_twice":    {"The region id “%[1]s” is used twice.", "区域 ID“%[1]s”重复了。"},
	"team.error.person_twice":    {"The person id “%[1]s” is used twice.", "人员 ID“%[1]s”重复了。"},
	"team.error.id":              {"“%[1]s” cannot be an id: use at most 32 lowercase letters, digits, - or _. Example: id=li_lei", "“%[1]s”不能用作 ID：最多 32 个小写字母、数字、- 或 _。示例：id=li_lei"},
	"team.error.name_missing":    {"%[1]s needs a name. Example: name=\"Li Lei\"", "%[1]s需要一个名字。示例：name=\"李雷\""},
	"team.error.name_long":       {"The name of %[1]s is too long: at most %[2]d {2:character|characters}.", "%[1]s的名字太长了，最多 %[2]d 个字符。"},
	"team.error.name_control":    {"The name of %[1]s has control characters; type it as plain text.", "%[1]s的名字含有控制字符，请输入纯文本。"},
	"team.error.no_role":         {"%[1]s needs a role (%[2]s). Example: roles=rep", "%[1]s需要一个角色（%[2]s）。示例：roles=rep"},
	"team.error.role":            {"There is no role “%[1]s”; the roles are %[2]s. Example: roles=rep,manager", "没有“%[1]s”这个角色，可用角色：%[2]s。示例：roles=rep,manager"},
	"team.error.rep_region":      {"%[1]s is a rep and needs a region (regions: %[2]s). Example: region=east", "%[1]s是销售代表，需要指定区域（区域：%[2]s）。示例：region=east"},
	"team.error.own_manager":     {"%[1]s cannot be their own manager.", "%[1]s不能是自己的经理。"},
	"team.error.not_manager":     {"%[1]s does not have the manager role; give it to them first (/team edit %[1]s roles=…,manager) or name another manager.", "%[1]s没有经理角色；请先加上（/team edit %[1]s roles=…,manager），或指定其他经理。"},
	"team.error.manager_left":    {"%[1]s has left and cannot manage anyone; name another manager.", "%[1]s已离职，不能再管理他人，请指定其他经理。"},
	"team.error.loop":            {"The manager chain would loop: %[1]s.", "经理关系会形成循环：%[1]s。"},
	"team.error.account_twice":   {"The %[1]s id %[2]s is already %[3]s's.", "%[1]s ID %[2]s已经属于%[3]s。"},
	"team.error.account":         {"“%[1]s” %[3]s.", "“%[1]s”不是有效的用户 ID%[3]s。"},
	"team.error.no_admin":        {"Nobody would be left with the admin role; keep at least one admin, so that someone can run /team.", "这样就没有管理员了；请至少保留一位管理员，以便有人能执行 /team。"},
	"team.error.region_manager":  {"Region %[1]s names %[2]s as a manager, who is not in the organisation.", "区域%[1]s的经理%[2]s不在组织中。"},
	"team.error.timezone":        {"“%[1]s” is not a time zone; use an IANA name. Example: timezone=Europe/Berlin", "“%[1]s”不是有效的时区，请使用 IANA 时区名。示例：timezone=Europe/Berlin"},
	"help.team":                  {"the team: people and regions, who joins, moves and leaves", "团队：人员和区域的加入、调动与离职"},
	"usage.team":                 {usageTeamEN, usageTeamZH},
	"name.name":                  {"name", "姓名"},
	"name.roles":                 {"roles", "角色"},
	"name.role":                  {"role", "角色"},
	"name.manager":               {"manager", "经理"},
	"name.timezone":              {"timezone", "时区"},
	"name.managers":              {"managers", "经理们"},
	"name.holidays":              {"holidays", "节假日"},
	"value.left":                 {"left", "已离职"},
	"error.team.sub":             {"/team takes list, show, add, edit, remove, restore, history or region, not “%[1]s”. Example: /team add id=li_lei name=\"Li Lei\" roles=rep region=east", "/team 只接受 list、show、add、edit、remove、restore、history 或 region，不认识“%[1]s”。示例：/team add id=li_lei name=\"李雷\" roles=rep region=east"},
	"error.team.permission":      {"Only admins, and managers for the people of their regions, can use /team.", "只有管理员，以及负责相应区域的经理，才能使用 /team。"},
	"error.team.not_yours":       {"%[1]s is not in a region you manage (%[2]s); ask an admin.", "%[1]s不在你负责的区域（%[2]s）内，请联系管理员。"},
	"error.team.roles":           {"Only admins change roles; a manager adds and edits reps.", "只有管理员可以修改角色；经理可以添加和修改销售代表。"},
	"error.team.regions":         {"Only admins add and change regions.", "只有管理员可以添加和修改区域。"},
	"error.team.who":             {"Name the person by their id. Example: %[1]s", "请填写人员 ID。示例：%[1]s"},
	"error.team.which_region":    {"Name the region by its id. Example: %[1]s", "请填写区域 ID。示例：%[1]s"},
	"error.team.id_needed":       {"Give an id: at most 32 lowercase letters, digits, - or _. Example: %[1]s", "请填写 ID：最多 32 个小写字母、数字、- 或 _。示例：%[1]s"},
	"error.team.exists":          {"There is already someone with the id “%[1]s” (/team show %[1]s); pick another id, or /team restore someone who left.", "已经有 ID 为“%[1]s”的人员（/team show %[1]s）；请换一个 ID，或用 /team restore 恢复已离职的人员。"},
	"error.team.region_exists":   {"There is already a region “%[1]s”; change it with /team region edit %[1]s.", "已经有“%[1]s”这个区域，请用 /team region edit %[1]s修改。"},
	"error.team.nothing":         {"Say what to change, as field=value. Example: %[1]s", "请用“字段=值”说明要修改的内容。示例：%[1]s"},
	"error.team.left_already":    {"%[1]s has already left.", "%[1]s已经离职了。"},
	"error.team.not_left":        {"%[1]s has not left.", "%[1]s并未离职。"},
	"error.team.self":            {"You cannot remove yourself; ask another admin.", "不能移除你自己，请联系其他管理员。"},
	"error.team.holidays":        {"“%[1]s” is not a day or a range of days. Example: holidays=2026-12-24..2026-12-26,2027-01-01", "“%[1]s”不是日期或日期范围。示例：holidays=2026-12-24..2026-12-26,2027-01-01"},
	"team.list":                  {"{1:One person|%[1]d people}:", "共 %[1]d 人："},
	"team.list_left":             {"{1:One person has|%[1]d people have} left:", "已离职 %[1]d 人："},
	"team.list_none":             {"Nobody matches.", "没有符合条件的人员。"},
	"team.manager_of":            {"manager %[1]s", "经理：%[1]s"},
	"team.left_on":               {"left %[1]s", "%[1]s离职"},
	"team.account":               {"%[1]s: %[2]s", "%[1]s：%[2]s"},
	"team.updated":               {"Last changed %[1]s", "最近修改：%[1]s"},
	"team.unchanged":             {"Nothing changed: it was already so.", "没有变化：原本就是这样。"},
	"team.settings":              {"the organisation's settings", "组织设置"},
	"team.change.add":            {"Added %[1]s", "已添加%[1]s"},
	"team.change.edit":           {"Changed %[1]s", "已修改%[1]s"},
	"team.change.remove":         {"%[1]s has left: their reports stay theirs, and they get no more messages or reminders", "%[1]s已离职：其报告仍然保留，不再收到任何消息和提醒"},
	"team.change.restore":        {"%[1]s is back", "%[1]s已恢复"},
	"team.field_set":             {"%[1]s: %[2]s", "%[1]s：%[2]s"},
	"team.field_changed":         {"%[1]s: %[2]s → %[3]s", "%[1]s：%[2]s → %[3]s"},
	"team.field_separator":       {"; ", "；"},
	"team.change_fields":         {"%[1]s (%[2]s)", "%[1]s（%[2]s）"},
	"team.gaps":                  {"Left without a manager now:", "以下现在没有经理："},
	"team.gap.region":            {"region %[1]s (%[2]s): give it one with /team region edit %[2]s managers=…", "区域%[1]s（%[2]s）：请用 /team region edit %[2]s managers=… 指定"},
	"team.gap.schedule":          {"schedule %[1]s (%[2]s, %[3]s) has nobody left to ask: /schedule remove %[1]s, or add people to it", "计划%[1]s（%[2]s，%[3]s）已没有需要提交的人：可用 /schedule remove %[1]s删除，或为其添加人员"},
	"team.gaps_notice":           {"After a change to the team by %[1]s, these lack someone:", "%[1]s修改团队后，以下各项缺人："},
	"team.gap.manager":           {"%[1]s (%[2]s), whose manager %[3]s has left: /team edit %[2]s manager=…", "%[1]s（%[2]s）的经理%[3]s已离职：请用 /team edit %[2]s manager=… 指定"},
	"team.history":               {"Latest changes:", "最近的变更："},
	"team.history_none":          {"No changes yet.", "还没有变更记录。"},
	"team.history_line":          {"%[1]s · %[2]s · %[3]s", "%[1]s · %[2]s · %[3]s"},
	"team.by_file":               {"org file %[1]s", "组织文件%[1]s"},
	"team.regions":               {"Regions:", "区域："},
	"team.region_line":           {"%[1]s · {2:one person|%[2]d people}", "%[1]s · %[2]d 人"},
	"help.join":                  {"ask to join the organisation, if you are not in it yet", "尚未加入组织时，申请加入"},
	"usage.join":                 {"/join [region=ID] [a note for the admins] — ask to be let in; the admins (and the region's managers) approve or deny it", "/join [region=区域] [给管理员的留言] — 申请加入；由管理员（及该区域的经理）批准或拒绝"},
	"join.button":                {"Request access", "申请加入"},
	"join.member":                {"You are already in the organisation, as %[1]s.", "你已经在组织中了（%[1]s）。"},
	"join.sent":                  {"Your request %[1]s is with the admins; you will hear back here.", "你的申请%[1]s已提交给管理员，结果会在这里通知你。"},
	"join.waiting":               {"Your request %[1]s is still waiting for an admin; it now says what you just added.", "你的申请%[1]s仍在等待管理员处理，刚才补充的内容已更新。"},
	"join.notice":                {"Request %[1]s: %[2]s on %[3]s asks to join fieldloop.", "申请%[1]s：%[3]s用户%[2]s申请加入 fieldloop。"},
	"join.notice_region":         {"Region asked for: %[1]s", "申请的区域：%[1]s"},
	"join.notice_how":            {"Approve or deny with the buttons, or /team approve %[1]s region=… roles=… / /team deny %[1]s.", "可以点按钮批准或拒绝，也可以用 /team approve %[1]s region=… roles=… 或 /team deny %[1]s。"},
	"join.approve":               {"Approve", "批准"},
	"join.deny":                  {"Deny", "拒绝"},
	"join.approved":              {"Welcome to fieldloop, %[1]s! You are in: file a report with /report, and see everything with /help.", "欢迎加入 fieldloop，%[1]s！现在可以用 /report 提交报告，用 /help 查看全部命令。"},
	"join.denied":                {"Your request to join fieldloop was declined. If you think that is a mistake, ask your manager.", "你加入 fieldloop 的申请未获批准。如有疑问，请联系你的经理。"},
	"join.denied_done":           {"Denied request %[1]s from %[2]s; they have been told.", "已拒绝%[2]s的申请%[1]s，并已通知对方。"},
	"join.list":                  {"Requests to join:", "加入申请："},
	"join.none":                  {"No requests to join are waiting.", "目前没有待处理的加入申请。"},
	"error.join.which":           {"Name the request by its number. Example: %[1]s", "请填写申请编号。示例：%[1]s"},
	"error.join.not_found":       {"There is no request %[1]s. See the waiting ones with /team requests.", "没有申请%[1]s。可以用 /team requests 查看待处理的申请。"},
	"error.record.not_found":     {"There is no %[1]s %[2]s.", "没有%[1]s %[2]s。"},
	"error.join.approved":        {"Request %[1]s has already been approved, by %[2]s.", "申请%[1]s已由%[2]s批准。"},
	"error.join.denied":          {"Request %[1]s has already been denied, by %[2]s.", "申请%[1]s已被%[2]s拒绝。"},
	"error.join.not_yours":       {"Request %[1]s is not for a region you manage; an admin decides on it.", "申请%[1]s不属于你负责的区域，需由管理员处理。"},
	"error.join.region":          {"Which region should request %[1]s join? Regions: %[2]s. Example: %[3]s", "申请%[1]s要加入哪个区域？区域：%[2]s。示例：%[3]s"},
	"error.join.member":          {"Request %[1]s: that account is already %[2]s's.", "申请%[1]s：该账号已属于%[2]s。"},
	"error.join.note_long":       {"The note is too long: at most %[1]d {1:character|characters}.", "留言太长了，最多 %[1]d 个字符。"},
	"help.outlet":                {"outlets: the stores the field visits", "门店：销售走访的网点和终端"},
	"help.customer":              {"customers: accounts and distributors", "客户：客户和经销商"},
	"help.product":               {"products: the SKUs, with category and list price", "产品：各 SKU 及其类别和价格"},
	"usage.outlet":               {usageRecordEN("outlet", "O-0001", `name="Carrefour Gubei" name_alt=家乐福古北 aliases="Gubei Carrefour;古北家乐福" region=east owner=alice [customer=C-0001] [address="…"] [lat=31.19 lon=121.40]`), usageRecordZH("outlet", "O-0001", `name="Carrefour Gubei" name_alt=家乐福古北 aliases="古北家乐福" region=east owner=alice [customer=C-0001] [address="…"] [lat=31.19 lon=121.40]`)},
	"usage.customer":             {usageRecordEN("customer", "C-0001", `name=Hualian name_alt=华联 [aliases=…] [region=east]`), usageRecordZH("customer", "C-0001", `name=Hualian name_alt=华联 [aliases=…] [region=east]`)},
	"usage.product":              {usageRecordEN("product", "P-0001", `name="Green Tea 500ml" name_alt=绿茶500ml category=tea list_price=4.5`), usageRecordZH("product", "P-0001", `name="Green Tea 500ml" name_alt=绿茶500ml category=tea list_price=4.5`)},
	"name.outlet":                {"outlet", "门店"},
	"name.customer":              {"customer", "客户"},
	"name.product":               {"product", "产品"},
	"name.q":                     {"q", "搜索"},
	"record.kinds.outlet":        {"outlets", "门店"},
	"record.kinds.customer":      {"customers", "客户"},
	"record.kinds.product":       {"products", "产品"},
	"record.list":                {"%[1]d %[2]s:", "%[2]s，共 %[1]d 个："},
	"record.list_more":           {"(the first %[1]d; narrow it with region= or q=)", "（仅显示前 %[1]d 个，可用 region= 或 q= 缩小范围）"},
	"record.none":                {"No %[1]s match.", "没有符合条件的%[1]s。"},
	"record.owner":               {"owner %[1]s", "负责人：%[1]s"},
	"record.aliases":             {"Also called: %[1]s", "别名：%[1]s"},
	"record.customer":            {"Customer: %[1]s", "客户：%[1]s"},
	"record.address":             {"Address: %[1]s", "地址：%[1]s"},
	"record.location":            {"Location: %[1]s, %[2]s", "位置：%[1]s, %[2]s"},
	"record.added":               {"Added %[1]s", "已添加 %[1]s"},
	"record.changed":             {"Changed: %[1]s", "已修改：%[1]s"},
	"record.removed":             {"Removed %[1]s; the reports that name it keep it.", "已移除%[1]s；提到它的报告保持不变。"},
	"record.merged":              {"Merged %[1]s into %[2]s; its names now find %[2]s.", "已将%[1]s合并到%[2]s；原来的名称现在会找到%[2]s。"},
	"error.record.sub":           {"%[1]s takes list, show, add, edit, remove or merge, not “%[2]s”. Example: %[3]s", "%[1]s 只接受 list、show、add、edit、remove 或 merge，不认识“%[2]s”。示例：%[3]s"},
	"error.record.which":         {"Name it by its id or its name. Example: %[1]s", "请填写编号或名称。示例：%[1]s"},
	"error.record.unknown":       {"Nothing is called “%[1]s”; look it up with %[2]s.", "没有叫“%[1]s”的记录，可以用 %[2]s 查找。"},
	"error.record.ambiguous":     {"“%[1]s” could be %[2]s; name it by its id.", "“%[1]s”可能是 %[2]s，请用编号指定。"},
	"error.record.exists":        {"The id “%[1]s” is taken; pick another, or leave id out to get the next one.", "编号“%[1]s”已被占用；请换一个，或不填 id 自动编号。"},
	"error.record.name":          {"Give a name. Example: %[1]s", "请填写名称。示例：%[1]s"},
	"error.record.id":            {"“%[1]s” cannot be an id: use at most 32 letters, digits, - or _. Example: id=O-0012", "“%[1]s”不能用作编号：最多 32 个字母、数字、- 或 _。示例：id=O-0012"},
	"error.record.text":          {"%[1]s must be plain text of at most %[2]d {2:character|characters}.", "%[1]s 须为纯文本，最多 %[2]d 个字符。"},
	"error.record.owner":         {"“%[1]s” is not a rep in the organisation; an outlet's owner is a rep. Example: owner=alice", "“%[1]s”不是组织中的销售代表；门店负责人须为销售代表。示例：owner=alice"},
	"error.record.customer":      {"There is no customer “%[1]s”; see them with /customer list. Example: customer=C-0001", "没有“%[1]s”这个客户，可用 /customer list 查看。示例：customer=C-0001"},
	"error.record.coordinate":    {"%[1]s=%[2]s is not a coordinate: latitude from -90 to 90, longitude from -180 to 180. Example: lat=31.19 lon=121.40", "%[1]s=%[2]s 不是有效坐标：纬度介于 -90 到 90，经度介于 -180 到 180。示例：lat=31.19 lon=121.40"},
	"error.record.price":         {"“%[1]s” is not a price. Example: list_price=4.5", "“%[1]s”不是有效价格。示例：list_price=4.5"},
	"error.record.region":        {"An outlet needs a region (%[1]s). Example: %[2]s", "门店需要指定区域（%[1]s）。示例：%[2]s"},
	"error.record.permission":    {"You may read these %[1]s but not change them; marketing and admins do, and managers for the outlets of their regions.", "你可以查看这些%[1]s，但不能修改；市场部和管理员可以修改，经理可修改自己区域的门店。"},
	"error.record.merge":         {"Say which record goes into which. Example: %[1]s", "请说明把哪条合并到哪条。示例：%[1]s"},
	"error.record.merge_self":    {"A record cannot be merged into itself. Example: %[1]s", "记录不能合并到自身。示例：%[1]s"},
	"person.left_name":           {"%[1]s (left)", "%[1]s（已离职）"},
	"error.region.unknown":       {"There is no region “%[1]s”. Regions: %[2]s.", "没有“%[1]s”这个区域。区域：%[2]s。"},

	// General errors.
	"error.lang":            {"fieldloop speaks en (English) and zh (中文), not “%[1]s”. Example: /lang zh", "fieldloop 支持 en（英文）和 zh（中文），不支持“%[1]s”。示例：/lang zh"},
	"error.unknown_command": {"There is no command /%[1]s. Type /help for the list.", "没有 /%[1]s 这个命令。输入 /help 查看全部命令。"},
	"error.unknown_user":    {"You are not in fieldloop's organisation yet (your %[1]s id is %[2]s). Ask to join with the button below, or with /join region=REGION and a note for the admins.", "你还不在 fieldloop 的组织名单中（你的 %[1]s ID 是 %[2]s）。可以点下面的按钮申请加入，或用 /join region=区域 并附上给管理员的留言。"},
	"error.replayed":        {"This request was handled already; nothing was done a second time.", "这个请求已经处理过了，没有重复执行。"},
	"error.internal":        {"Sorry, something went wrong on our side.", "抱歉，系统出了点问题。"},
	"error.internal_ref":    {"Sorry, something went wrong on our side. If it happens again, give an admin this reference: %[1]s", "抱歉，系统出了点问题。如果再次发生，请把这个编号告诉管理员：%[1]s"},

	// Report replies.
	"summary.block":           {"%[1]s:\n%[2]s", "%[1]s：\n%[2]s"},
	"summary.pair":            {"%[1]s: %[2]s", "%[1]s：%[2]s"},
	"report.saved":            {"Saved report %[1]s (%[2]s): %[3]s", "已保存报告 %[1]s（%[2]s）：%[3]s"},
	"report.updated":          {"Updated report %[1]s (%[2]s): %[3]s", "已更新报告 %[1]s（%[2]s）：%[3]s"},
	"report.unchanged":        {"Report %[1]s already has these values; nothing changed.", "报告 %[1]s 的内容没有变化。"},
	"report.deleted":          {"Deleted report %[1]s (%[2]s). It stays in exports, marked as deleted.", "已删除报告 %[1]s（%[2]s）。导出数据中仍会保留并标记为已删除。"},
	"report.show.by":          {"By %[1]s, %[2]s, %[3]s", "提交人：%[1]s，%[2]s，%[3]s"},
	"report.show.edited":      {"Edited %[1]s (%[2]d earlier {2:version|versions} kept)", "修改于 %[1]s（保留 %[2]d 个历史版本）"},
	"report.show.deleted":     {"Deleted %[1]s by %[2]s", "%[2]s 删除于 %[1]s"},
	"report.changed_by_other": {"%[1]s edited your report %[2]s (%[3]s): %[4]s", "%[1]s 修改了你的报告 %[2]s（%[3]s）：%[4]s"},
	"report.deleted_by_other": {"%[1]s deleted your report %[2]s (%[3]s). It stays in exports, marked as deleted.", "%[1]s 删除了你的报告 %[2]s（%[3]s），导出数据中仍会保留并标记为已删除。"},
	"report.list.none":        {"No reports found. File one with /report.", "没有找到报告。用 /report 提交一份。"},
	"report.list.newest":      {"The newest %[1]d (narrow with a kind or since=…):", "最新 %[1]d 条（可用报告类型或 since=… 缩小范围）："},
	"feed.report":             {"📋 %[1]s %[2]s · %[3]s · %[4]s", "📋 %[1]s %[2]s · %[3]s · %[4]s"},
	"feed.edited":             {"✏️ %[1]s %[2]s · edited by %[3]s · %[4]s", "✏️ %[1]s %[2]s · %[3]s 已修改 · %[4]s"},
	"feed.deleted":            {"🗑 %[1]s %[2]s · deleted by %[3]s", "🗑 %[1]s %[2]s · 已被 %[3]s 删除"},
	"feed.author_region":      {"%[1]s (%[2]s)", "%[1]s（%[2]s）"},

	// Forms.
	"form.submit":       {"Save", "保存"},
	"form.next":         {"Next", "下一步"},
	"form.kind":         {"Report kind", "报告类型"},
	"form.report.title": {"New field report", "新建现场报告"},
	"form.hint.example": {"e.g. %[1]s", "例如：%[1]s"},
	"form.hint.money":   {"e.g. 3200.50", "例如：3200.50"},
	"form.hint.period":  {"2026, 2026-Q4, 2026-11 or 2026-W48", "2026、2026-Q4、2026-11 或 2026-W48"},
	"form.required":     {"%[1]s (required)", "%[1]s（必填）"},
	"form.optional":     {"%[1]s (optional, Enter to skip)", "%[1]s（选填，回车跳过）"},
	"form.close":        {"Cancel", "取消"},
	"form.clear":        {"(- clears it)", "（输入 - 清空）"},
	"form.cancel":       {"Type /cancel to stop.", "输入 /cancel 取消。"},
	"form.cancelled":    {"Cancelled; nothing was saved.", "已取消，没有保存任何内容。"},

	// Schedules.
	"every.daily":               {"daily %[1]s", "每天 %[1]s"},
	"every.workdays":            {"workdays %[1]s", "工作日 %[1]s"},
	"every.weekly":              {"weekly %[1]s %[2]s", "每%[1]s %[2]s"},
	"every.monthly":             {"monthly %[1]d %[2]s", "每月 %[1]d 日 %[2]s"},
	"every.monthly_last":        {"monthly last %[1]s", "每月最后一天 %[1]s"},
	"every.cron":                {"%[1]s", "cron 表达式 %[1]s"},
	"weekday.mon":               {"mon", "周一"},
	"weekday.tue":               {"tue", "周二"},
	"weekday.wed":               {"wed", "周三"},
	"weekday.thu":               {"thu", "周四"},
	"weekday.fri":               {"fri", "周五"},
	"weekday.sat":               {"sat", "周六"},
	"weekday.sun":               {"sun", "周日"},
	"duration.h":                {"%[1]dh", "%[1]d 小时"},
	"duration.m":                {"%[1]dm", "%[1]d 分钟"},
	"duration.hm":               {"%[1]dh%[2]dm", "%[1]d 小时 %[2]d 分钟"},
	"audience.all":              {"all reps", "全体销售代表"},
	"list":                      {"%[1]s", "%[1]s"},
	"value.every.form":          {"give a frequency and a time of day", "需要写明频率和时刻"},
	"value.every.frequency":     {"“%[1]s” is not daily, workdays, weekly DAY or monthly N", "“%[1]s”不是每天、工作日、每周几或每月几日"},
	"value.every.weekday":       {"“%[1]s” is not a day of the week", "“%[1]s”不是星期几"},
	"value.every.monthday":      {"“%[1]s” is not a day of the month from 1 to 28, or last", "“%[1]s”不是 1 到 28 日之间的日期，也不是“最后一天”"},
	"value.clock":               {"“%[1]s” is not a time of day like 18:00", "“%[1]s”不是 18:00 这样的时刻"},
	"value.cron.fields":         {"a cron line has 5 fields (minute hour day month weekday), not %[1]d", "cron 表达式应有 5 个字段（分 时 日 月 星期），这里有 %[1]d 个"},
	"value.cron.step":           {"“%[1]s” is not a step", "“%[1]s”不是有效的间隔"},
	"value.cron.backwards":      {"the range “%[1]s” runs backwards", "范围“%[1]s”的起点大于终点"},
	"value.cron.range":          {"“%[1]s” is not a value from %[2]d to %[3]d", "“%[1]s”不是 %[2]d 到 %[3]d 之间的值"},
	"value.cron.often":          {"more than 24 deadlines a day; a report schedule needs at most a few", "每天超过 24 个截止时间；报告计划每天有几次就够了"},
	"value.cron.field":          {"%[1]s: %[2]s", "%[1]s字段：%[2]s"},
	"value.cron.field.minute":   {"minute", "分"},
	"value.cron.field.hour":     {"hour", "时"},
	"value.cron.field.day":      {"day of month", "日"},
	"value.cron.field.month":    {"month", "月"},
	"value.cron.field.weekday":  {"day of week", "星期"},
	"schedule.nudge":            {"Friendly reminder: your %[1]s report is due %[2]s. File it with /report %[3]s.", "温馨提醒：你的%[1]s报告将于 %[2]s 截止。用 /report %[3]s 提交。"},
	"schedule.reminder":         {"Your %[1]s report due %[2]s is missing. Please file it now: /report %[3]s", "你的%[1]s报告（截止 %[2]s）还没有提交，请尽快用 /report %[3]s 提交。"},
	"schedule.escalation":       {"%[1]s reports due %[2]s are still missing from: %[3]s.", "以下人员仍未提交截止 %[2]s 的%[1]s报告：%[3]s。"},
	"schedule.file_it":          {"File it", "立即提交"},
	"schedule.added":            {"Added: %[1]s", "已添加：%[1]s"},
	"schedule.removed":          {"Removed schedule %[1]s.", "已删除计划 %[1]s。"},
	"schedule.none":             {"No report schedules yet. Add one with /schedule add kind=sales audience=all every=\"workdays 18:00\".", "还没有报告计划。用 /schedule add kind=sales audience=all every=\"workdays 18:00\" 添加。"},
	"schedule.line":             {"%[1]s %[2]s from %[3]s, %[4]s (%[5]s)", "%[1]s %[2]s：%[3]s，%[4]s 截止（%[5]s）"},
	"schedule.grace":            {"grace %[1]s", "宽限 %[1]s"},
	"schedule.escalate":         {"escalates after %[1]s", "逾期 %[1]s后通知经理"},
	"schedule.nudge_before":     {"nudge %[1]s before", "提前 %[1]s提醒"},
	"schedule.next":             {"next deadline %[1]s", "下次截止 %[1]s"},
	"schedule.local":            {"each person's own time", "各人当地时间"},
	"error.schedule.sub":        {"/schedule takes add, list or remove, not “%[1]s”. Example: /schedule add kind=sales audience=east every=\"workdays 18:00\" grace=2h", "/schedule 只接受 add、list 或 remove，不认识“%[1]s”。示例：/schedule add kind=sales audience=east every=\"workdays 18:00\" grace=2h"},
	"error.schedule.kind":       {"kind: “%[1]s” is not a report kind. Kinds: %[2]s. Example: kind=sales", "kind：“%[1]s”不是报告类型。类型：%[2]s。示例：kind=sales"},
	"error.schedule.audience":   {"audience: “%[1]s” is neither a region nor a person. Use all, region ids (%[2]s) or person ids, separated by commas. Example: audience=east,north", "audience：“%[1]s”既不是区域也不是人员。可用 all（全部）、区域 ID（%[2]s）或人员 ID，多个用逗号或顿号分隔。示例：audience=east,north"},
	"error.schedule.both":       {"Give either every= or cron=, not both. Example: every=\"workdays 18:00\"", "every= 和 cron= 只能二选一。示例：every=\"workdays 18:00\""},
	"error.schedule.when":       {"When are reports due? Add every=\"daily 18:00\", \"workdays 18:00\", \"weekly fri 18:00\" or \"monthly 1 09:00\", or cron=\"0 18 * * 1-5\".", "请说明截止时间：every=\"每天 18:00\"、\"工作日 18:00\"、\"每周五 18:00\" 或 \"每月1日 09:00\"，或 cron=\"0 18 * * 1-5\"。"},
	"error.schedule.every":      {"every: “%[1]s” is not a schedule (%[2]s). Use daily 18:00, workdays 18:00, weekly fri 18:00, monthly 1 09:00 or monthly last 18:00. Example: every=\"weekly fri 18:00\"", "every：“%[1]s”不是有效的计划（%[2]s）。可以写“每天 18:00”“工作日 18:00”“每周五 18:00”“每月1日 09:00”或“每月最后一天 18:00”。示例：every=\"每周五 18:00\""},
	"error.schedule.cron":       {"cron: “%[1]s” is not a cron line (%[2]s). Example: cron=\"0 18 * * 1-5\" (minute hour day month weekday).", "cron：“%[1]s”不是有效的 cron 表达式（%[2]s）。示例：cron=\"0 18 * * 1-5\"（分 时 日 月 星期）。"},
	"error.schedule.tz":         {"tz: “%[1]s” is not a time zone. Use an IANA name, for example tz=Asia/Shanghai or tz=Europe/Berlin.", "tz：“%[1]s”不是时区。请用 IANA 名称，例如 tz=Asia/Shanghai 或 tz=Europe/Berlin。"},
	"error.schedule.local":      {"local: “%[1]s” must be yes or no (y, n, 是, 否). Example: local=yes", "local：“%[1]s”只能填 是 或 否（也可写 yes、no）。示例：local=是"},
	"error.schedule.local_tz":   {"local=yes puts each deadline in the person's own zone: leave out tz=, or give tz= without local=yes.", "local=是 表示按各人所在时区截止：请去掉 tz=，或只用 tz= 而不写 local=是。"},
	"error.schedule.duration":   {"%[1]s: “%[2]s” is not a duration up to 31 days. Examples: %[1]s=2h, %[1]s=90m, %[1]s=1d.", "%[1]s：“%[2]s”不是 31 天以内的时长。示例：%[1]s=2h、%[1]s=90m、%[1]s=1d（也可写 2小时、90分钟、1天）。"},
	"error.schedule.permission": {"Only admins and managers can change report schedules.", "只有管理员和销售经理可以修改报告计划。"},
	"error.schedule.regions":    {"You can only schedule reports for the regions you manage: %[1]s.", "你只能为自己管理的区域设置报告计划：%[1]s。"},
	"error.schedule.id_missing": {"Which schedule? Give its id, for example /schedule remove 3.", "请给出计划编号，例如 /schedule remove 3。"},
	"error.schedule.duplicate":  {"Schedule %[1]s already asks them for these reports at these times. See /schedule list.", "计划 %[1]s 已经在同样的时间向同样的人要这类报告。见 /schedule list。"},
	"error.schedule.not_found":  {"There is no schedule %[1]s.", "没有计划 %[1]s。"},

	// Away.
	"away.none":            {"You are not marked away. Example: /away 2026-12-01..2026-12-05", "你没有设置休假。示例：/away 2026-12-01..2026-12-05"},
	"away.list":            {"Your days off (no reminders on them):", "你的休假日期（期间不会收到提醒）："},
	"away.item":            {"%[1]d. away %[2]s", "%[1]d. %[2]s"},
	"away.list_hint":       {"Add one with /away 2026-12-24..2026-12-26, remove one with /away remove 1, all with /away off.", "用 /away 2026-12-24..2026-12-26 添加，用 /away remove 1 删除一项，用 /away off 全部取消。"},
	"away.removed":         {"Removed your days off %[1]s.", "已删除 %[1]s 的休假。"},
	"error.away.no_such":   {"You have no days off “%[1]s”; /away lists them with their numbers. Example: /away remove 1", "没有“%[1]s”这项休假；用 /away 查看编号。示例：/away remove 1"},
	"away.set":             {"Away %[1]s: you get no reminders then.", "已设置 %[1]s 休假，期间不会收到提醒。"},
	"days.range":           {"from %[1]s to %[2]s", "%[1]s 至 %[2]s"},
	"days.one":             {"on %[1]s", "%[1]s"},
	"away.off":             {"Welcome back: reminders are on again.", "欢迎回来，提醒已恢复。"},
	"error.away.range":     {"“%[1]s” is not a day or a range of days. Examples: /away 2026-12-01..2026-12-05, /away tomorrow, /away off", "“%[1]s”不是日期或日期范围。示例：/away 2026-12-01..2026-12-05、/away 12月1日至12月5日、/away 明天、/away off"},
	"error.away.backwards": {"The range ends (%[2]s) before it starts (%[1]s).", "结束日期（%[2]s）早于开始日期（%[1]s）。"},

	// Campaigns and trainings.
	"campaign.kind.promotion":          {"Promotion", "促销活动"},
	"campaign.kind.event":              {"Event", "促销/公关活动"},
	"campaign.kind.pop":                {"POP & gifts", "POP及礼品"},
	"campaign.kind.target":             {"Target", "销售目标"},
	"campaign.kind.brand":              {"Brand push", "品牌推广"},
	"campaign.kind.training":           {"Training", "培训"},
	"training.topic.product":           {"product knowledge", "产品知识"},
	"training.topic.selling_points":    {"selling points", "卖点诉求"},
	"training.topic.channels":          {"target channels", "目标渠道"},
	"training.topic.customers":         {"target customers", "目标顾客"},
	"campaign.cancelled_tag":           {"CANCELLED", "已取消"},
	"campaign.all_regions":             {"all regions", "全部区域"},
	"campaign.materials":               {"Materials: %[1]s", "物料：%[1]s"},
	"campaign.where":                   {"Where: %[1]s", "地点：%[1]s"},
	"campaign.topic":                   {"Topic: %[1]s", "主题：%[1]s"},
	"campaign.please_ack":              {"Please acknowledge with the button or /ack %[2]d.", "请点击按钮或输入 /ack %[2]d 确认收到。"},
	"campaign.ack_button":              {"Acknowledge", "确认收到"},
	"campaign.ack_reminder":            {"Reminder: please acknowledge %[1]s (/ack %[2]d).", "提醒：请确认收到 %[1]s（/ack %[2]d）。"},
	"campaign.added":                   {"Added: %[1]s. Send it to the regions with /%[2]s broadcast %[3]d.", "已添加：%[1]s。用 /%[2]s broadcast %[3]d 发送到各区域。"},
	"campaign.updated":                 {"Updated: %[1]s", "已更新：%[1]s"},
	"campaign.cancelled":               {"Cancelled: %[1]s", "已取消：%[1]s"},
	"campaign.changed":                 {"✏️ Changed: %[1]s", "✏️ 已变更：%[1]s"},
	"campaign.cancelled_notice":        {"❌ Cancelled: %[1]s", "❌ 已取消：%[1]s"},
	"campaign.broadcast":               {"Sent %[1]s to %[2]d {2:channel|channels}.", "已将 %[1]s 发送到 %[2]d 个频道。"},
	"campaign.reminded":                {"Reminded %[1]d {1:person|people} who had not acknowledged.", "已提醒 %[1]d 位尚未确认的人。"},
	"campaign.none":                    {"Nothing to show. Marketing adds one with /%[1]s add.", "暂无内容。市场部可用 /%[1]s add 添加。"},
	"campaign.not_broadcast":           {"Not sent yet: /%[1]s broadcast %[2]d", "尚未发送：/%[1]s broadcast %[2]d"},
	"campaign.broadcast_at":            {"Sent %[1]s.", "发送于 %[1]s。"},
	"campaign.acks":                    {"%[1]s: %[2]d of %[3]d acknowledged. Yes: %[4]s. Not yet: %[5]s.", "%[1]s：%[3]d 人中 %[2]d 人已确认。已确认：%[4]s。未确认：%[5]s。"},
	"campaign.deliveries":              {"Delivery: %[1]s", "投递：%[1]s"},
	"campaign.delivery":                {"%[1]s #%[2]s %[3]s", "%[1]s #%[2]s %[3]s"},
	"campaign.coverage":                {"Field feedback: %[1]d of %[2]d {2:rep|reps} reported (strong %[3]d, ok %[4]d, weak %[5]d).", "现场反馈：%[2]d 位销售代表中 %[1]d 位已反馈（强 %[3]d，一般 %[4]d，弱 %[5]d）。"},
	"campaign.pop_reports":             {"POP placements reported: %[1]d.", "已上报 POP 投放：%[1]d 次。"},
	"status.pending":                   {"pending", "待发送"},
	"status.sent":                      {"sent", "已发送"},
	"status.failed":                    {"failed", "发送失败"},
	"ack.done":                         {"Thanks, acknowledged: %[1]s", "已确认收到：%[1]s"},
	"ack.again":                        {"You acknowledged %[1]s on %[2]s already.", "你已于 %[2]s 确认过 %[1]s。"},
	"calendar.title":                   {"Calendar %[1]s – %[2]s:", "日程 %[1]s 至 %[2]s："},
	"calendar.empty":                   {"Nothing planned from %[1]s to %[2]s.", "%[1]s 至 %[2]s 没有安排。"},
	"usage.example.campaign":           {`/campaign add kind=promotion title="Double 11" start=2026-11-01 end=2026-11-11 regions=east,north`, `/campaign add kind=promotion title="双十一" start=2026-11-01 end=2026-11-11 regions=east,north`},
	"usage.example.training":           {`/training add title="New SKU selling points" at="2026-12-02 14:00" duration=90m where="Room 3" audience=all topic=selling_points`, `/training add title="新品卖点培训" at="2026-12-02 14:00" duration=90m where="3号会议室" audience=all topic=selling_points`},
	"error.campaign.sub":               {"/%[1]s takes add, list, show, edit, cancel, broadcast or remind, not “%[2]s”.", "/%[1]s 只接受 add、list、show、edit、cancel、broadcast 或 remind，不认识“%[2]s”。"},
	"error.campaign.permission":        {"Only marketing and admins can create or change campaigns and trainings.", "只有市场部和管理员可以创建或修改活动和培训。"},
	"error.campaign.id_missing":        {"Which one? Give its id, for example /%[1]s %[2]s 3.", "请给出编号，例如 /%[1]s %[2]s 3。"},
	"error.campaign.other_command":     {"%[1]s is {a:2} %[2]s: /%[3]s %[4]s %[5]d", "%[1]s 是%[2]s：/%[3]s %[4]s %[5]d"},
	"campaign.noun.training":           {"training", "培训"},
	"campaign.noun.campaign":           {"campaign", "活动"},
	"error.campaign.not_found":         {"There is no campaign or training %[1]s for you.", "没有与你相关的活动或培训 %[1]s。"},
	"error.campaign.title":             {"title is required, at most 200 characters. Example: title=\"Double 11\"", "title 必填，最多 200 字。示例：title=\"双十一\""},
	"error.campaign.kind":              {"kind: “%[1]s” is not a campaign kind. Kinds: %[2]s. Example: kind=promotion", "kind：“%[1]s”不是活动类型。类型：%[2]s。示例：kind=promotion"},
	"error.campaign.date":              {"%[1]s: “%[2]s” is not a date. Example: %[1]s=2026-11-01 or %[1]s=2026年11月1日", "%[1]s：“%[2]s”不是日期。示例：%[1]s=2026-11-01 或 %[1]s=2026年11月1日"},
	"error.campaign.backwards":         {"end (%[2]s) is before start (%[1]s).", "结束日期（%[2]s）早于开始日期（%[1]s）。"},
	"error.campaign.regions":           {"%[1]s: “%[2]s” is not a region. Use all or region ids (%[3]s). Example: %[1]s=east,north", "%[1]s：“%[2]s”不是区域。可用 all（全部）或区域 ID（%[3]s）。示例：%[1]s=east,north"},
	"error.campaign.list":              {"/%[1]s list takes upcoming, active, past, cancelled or region=ID.", "/%[1]s list 只接受 upcoming、active、past、cancelled 或 region=ID。"},
	"error.campaign.edit_nothing":      {"What should change? Example: /%[1]s edit %[2]d title=\"New title\"", "要修改什么？示例：/%[1]s edit %[2]d title=\"新标题\""},
	"error.campaign.cancelled":         {"%[1]s is cancelled.", "%[1]s 已取消。"},
	"error.campaign.already_broadcast": {"%[1]s was sent on %[2]s already; to nudge those who have not acknowledged: /%[3]s remind %[4]d", "%[1]s 已于 %[2]s 发送过；要提醒未确认的人：/%[3]s remind %[4]d"},
	"error.campaign.no_channels":       {"None of its regions has a channel on a connected platform: %[1]s. Add their channels in the org file.", "相关区域在已连接的平台上都没有频道：%[1]s。请在组织文件中添加频道。"},
	"campaign.your_time":               {"%[1]s your time", "你当地时间 %[1]s"},
	"campaign.unreached":               {"Not reached: %[1]s.", "未送达：%[1]s。"},
	"campaign.unreached_region":        {"%[1]s (no %[2]s channel in the org file)", "%[1]s（组织文件中没有它的 %[2]s 频道）"},
	"list.semicolon":                   {"; ", "；"},
	"error.campaign.remind_first":      {"Send it first: /%[1]s broadcast %[2]d", "请先发送：/%[1]s broadcast %[2]d"},
	"error.training.at":                {"at: “%[1]s” is not a date and time. Example: at=\"2026-12-02 14:00\"", "at：“%[1]s”不是日期时间。示例：at=\"2026-12-02 14:00\" 或 时间=\"12月2日 14:00\""},
	"error.training.duration":          {"duration: “%[1]s” is not a duration up to 24 h. Example: duration=90m", "duration：“%[1]s”不是 24 小时以内的时长。示例：duration=90m 或 时长=90分钟"},
	"error.training.topic":             {"topic: “%[1]s” is not a topic. Topics: %[2]s.", "topic：“%[1]s”不是培训主题。主题：%[2]s。"},
	"error.ack.id":                     {"Which one? Give its id, for example /ack 3.", "请给出编号，例如 /ack 3。"},
	"error.calendar.args":              {"/calendar takes week, month, next, region=ID or link (regions: %[1]s).", "/calendar 只接受 week、month、next、region=ID 或 link（区域：%[1]s）。"},
	"error.report.campaign_unknown":    {"Campaign (campaign): %[1]s is not an active campaign for you. Active: %[2]s.", "活动（campaign）：%[1]s 不是你可以反馈的进行中活动。进行中：%[2]s。"},
	"error.report.campaign_none":       {"Campaign (campaign): %[1]s is not an active campaign for you, and none is active now.", "活动（campaign）：%[1]s 不是你可以反馈的进行中活动，目前也没有进行中的活动。"},

	// Other names of campaign kinds and training topics (bot.Match).
	"synonyms.campaign.kind.promotion":       {"promo, sales promotion", "促销"},
	"synonyms.campaign.kind.event":           {"PR event, activity", "活动、公关活动"},
	"synonyms.campaign.kind.pop":             {"gifts, materials", "礼品、物料"},
	"synonyms.campaign.kind.target":          {"sales target", "目标"},
	"synonyms.campaign.kind.brand":           {"branding", "品牌"},
	"synonyms.training.topic.product":        {"products", "产品"},
	"synonyms.training.topic.selling_points": {"usp", "卖点"},
	"synonyms.training.topic.channels":       {"channel", "渠道"},
	"synonyms.training.topic.customers":      {"customer", "顾客、客户"},

	// The calendar feeds (iCalendar): their names, event titles, and
	// /calendar link.
	"calendar.feed_name":             {"Promotion calendar: %[1]s", "促销日历：%[1]s"},
	"calendar.summary":               {"%[1]s: %[2]s", "%[1]s：%[2]s"},
	"calendar.regions":               {"Regions: %[1]s", "区域：%[1]s"},
	"calendar.summary_cancelled":     {"%[1]s (%[2]s)", "%[1]s（%[2]s）"},
	"calendar.link_title":            {"Calendar feeds to subscribe to: in Google Calendar, Other calendars → + → From URL; in Outlook, Add calendar → Subscribe from web. Anyone who has a link can read that calendar, so share it only within the team.", "日历订阅链接：在 Google 日历中选择“其他日历 → + → 通过网址添加”；在 Outlook 中选择“添加日历 → 从 Web 订阅”。任何拿到链接的人都能查看该日历，请只在团队内分享。"},
	"calendar.link_line":             {"%[1]s: %[2]s", "%[1]s：%[2]s"},
	"calendar.link_no_base":          {"These are paths only: ask an admin to set FIELDLOOP_PUBLIC_URL to the server's public address (such as https://fieldloop.example.com); a link is that address followed by the path.", "以上只是路径：请管理员把 FIELDLOOP_PUBLIC_URL 设为服务器的公网地址（例如 https://fieldloop.example.com）；完整链接就是该地址加上路径。"},
	"calendar.link_none":             {"The org file has no regions, so there is no calendar feed.", "组织文件中没有区域，因此没有日历订阅。"},
	"error.calendar.link_args":       {"/calendar link takes region=ID (regions: %[1]s).", "/calendar link 只接受 region=ID（区域：%[1]s）。"},
	"error.calendar.link_permission": {"Only marketing and admins can get the calendar feed links: a link shows a region's whole calendar to anyone who has it. /calendar shows what concerns you.", "只有市场部和管理员可以获取日历订阅链接：任何拿到链接的人都能看到该区域的全部日程。用 /calendar 查看与你相关的安排。"},

	// Digests.

	// Targets.
	"target.set":              {"Target for %[1]s, %[2]s: %[3]s", "%[1]s %[2]s 目标：%[3]s"},
	"target.part":             {"  %[1]s: %[2]s", "  %[1]s：%[2]s"},
	"target.line":             {"%[1]s, %[2]s: target %[3]s, actual %[4]s, attainment %[5]s", "%[1]s %[2]s：目标 %[3]s，实际 %[4]s，达成 %[5]s"},
	"target.none":             {"%[1]s, %[2]s: no target set; actual %[3]s", "%[1]s %[2]s：未设目标；实际 %[3]s"},
	"error.target.sub":        {"/target takes set or show, not “%[1]s”. Example: /target set region=east period=2026-11 amount=500,000", "/target 只接受 set 或 show，不认识“%[1]s”。示例：/target set region=east period=2026-11 amount=500,000"},
	"error.target.permission": {"Only marketing and admins can set targets.", "只有市场部和管理员可以设置销售目标。"},
	"error.target.region":     {"region: “%[1]s” is not a region (%[2]s). Example: region=east", "region：“%[1]s”不是区域（%[2]s）。示例：region=east"},
	"error.target.period":     {"period: “%[1]s” is not a year, quarter or month. Examples: period=2026, period=2026-Q4, period=2026-11", "period：“%[1]s”不是年、季度或月份。示例：period=2026、period=2026年第4季度、period=2026年11月"},
	"error.target.amount":     {"amount: “%[1]s” is not an amount. Example: amount=500,000 or amount=50万", "amount：“%[1]s”不是金额。示例：amount=500,000 或 amount=50万"},
	"error.target.split":      {"split: “%[1]s”: a yearly target splits quarterly or monthly, a quarter's monthly. Example: period=2026-Q4 split=monthly", "split：“%[1]s”：年度目标可按季（quarterly）或按月（monthly）拆分，季度目标可按月拆分。示例：period=2026-Q4 split=monthly"},
	"error.target.show":       {"/target show takes a period and a region, not “%[1]s”. Example: /target show 2026-11 east", "/target show 只接受期间和区域，不认识“%[1]s”。示例：/target show 2026-11 east"},
	"error.target.no_region":  {"You have no region to show targets for.", "你没有可以查看目标的区域。"},
	"error.digest.until":      {"until= ends a span that since= starts, not a period. Example: /digest east since=2026-11-01 until=2026-11-15", "until= 用于 since= 开始的时段，不能与期间同用。示例：/digest east since=2026-11-01 until=2026-11-15"},
	"error.digest.args":       {"/digest takes a region (%[2]s), a period such as 2026-11 or since=7d, not “%[1]s”.", "/digest 只接受区域（%[2]s）、期间（如 2026-11）或 since=7d，不认识“%[1]s”。"},
	"error.digest.subscribe":  {"“%[1]s”: subscribe to daily 08:30, workdays 08:30 or weekly mon 09:00. Example: /digest subscribe weekly mon 09:00 east", "“%[1]s”：可以订阅“每天 08:30”“工作日 08:30”或“每周一 09:00”。示例：/digest subscribe 每周一 09:00 east"},
	"digest.subscribed":       {"You will get the %[1]s digest by direct message, %[2]s.", "你将通过私信收到%[1]s的摘要，时间：%[2]s。"},
	"digest.replaced":         {"It replaces your %[1]s digest, %[2]s.", "它取代了你之前订阅的%[1]s摘要（%[2]s）。"},
	"digest.unsubscribed":     {"No more scheduled digests.", "已取消定时摘要。"},
	"digest.scheduled":        {"Your digest, %[1]s:", "你的定时摘要，%[1]s："},

	// Help.
	"help.intro":     {"fieldloop commands:", "fieldloop 命令："},
	"help.more":      {"Type /help COMMAND for details, for example /help report.", "输入 /help 命令名 查看详情，例如 /help report。"},
	"help.report":    {"file a field report, or list, show, edit and delete reports", "提交现场报告，或查看、修改、删除报告"},
	"usage.report":   {usageReportEN, usageReportZH},
	"help.help":      {"list the commands, or explain one", "列出全部命令，或查看某个命令的说明"},
	"usage.help":     {"/help — every command\n/help report — one command in detail", "/help — 全部命令\n/help report — 某个命令的详细说明"},
	"help.lang":      {"choose English or Chinese", "选择中文或英文"},
	"usage.lang":     {"/lang — the language I use with you\n/lang en — English\n/lang zh — 中文", "/lang — 查看当前语言\n/lang en — English\n/lang zh — 中文"},
	"help.schedule":  {"report schedules: when reports are due, with reminders and escalation", "报告计划：截止时间、提醒和上报"},
	"usage.schedule": {usageScheduleEN, usageScheduleZH},
	"help.away":      {"days off: no reminders then", "休假：期间不提醒"},
	"usage.away":     {"/away 2026-12-01..2026-12-05 — away on those days (add as many ranges as you like)\n/away tomorrow — one day\n/away — list your days off\n/away remove 1 — remove one\n/away off — remove them all", "/away 2026-12-01..2026-12-05 — 这几天休假（可添加多段）\n/away tomorrow — 休假一天\n/away — 查看休假\n/away remove 1 — 删除一项\n/away off — 全部取消"},
	"help.campaign":  {"marketing's campaigns: add, broadcast, see who acknowledged and the field's feedback", "市场活动：添加、发送、查看确认情况和现场反馈"},
	"usage.campaign": {usageCampaignEN, usageCampaignZH},
	"help.training":  {"trainings: add, broadcast, see who acknowledged", "培训：添加、发送、查看确认情况"},
	"usage.training": {usageTrainingEN, usageTrainingZH},
	"help.ack":       {"acknowledge a campaign or training", "确认收到活动或培训"},
	"usage.ack":      {"/ack ID — acknowledge campaign or training ID (the button under a broadcast does the same)", "/ack 编号 — 确认收到活动或培训（与通知下方的按钮相同）"},
	"help.calendar":  {"the promotion calendar: campaigns and trainings by date", "促销日历：按日期查看活动和培训"},
	"usage.calendar": {"/calendar — this week\n/calendar month — the coming month\n/calendar next — next week\n/calendar region=east — one region (marketing)\n/calendar link [region=east] — the calendar feed links to subscribe to in Google Calendar or Outlook (marketing, admins)", "/calendar — 本周\n/calendar month — 未来一个月\n/calendar next — 下周\n/calendar region=east — 指定区域（市场部）\n/calendar link [region=east] — 日历订阅链接，可在 Google 日历或 Outlook 中订阅（市场部、管理员）"},
	"help.target":    {"sales targets by region and period, with actual sales and attainment", "按区域和期间的销售目标、实际销售和达成率"},
	"usage.target":   {"/target set region=east period=2026|2026-Q4|2026-11 amount=500,000 [split=quarterly|monthly] — set a target (marketing, admins)\n/target show [2026-11] [east] — target, actual and attainment", "/target set region=east period=2026|2026-Q4|2026-11 amount=500,000 [split=quarterly|monthly] — 设置目标（市场部、管理员）\n/target show [2026-11] [east] — 目标、实际和达成率"},
	"help.digest":    {"a digest of a region: reporting, sales against target, signals from the field", "区域摘要：报告提交、销售与目标、现场信息"},
	"usage.digest":   {"/digest [REGION] [2026-11|since=7d [until=DATE]] [full] — managers their regions, marketing and admins any; a rep their own reports; full: every item\n/digest subscribe daily 08:30|weekly mon 09:00 [REGION] — by direct message\n/digest unsubscribe", "/digest [区域] [2026-11|since=7d [until=日期]] [full] — 经理看自己的区域，市场部和管理员看任意区域；销售代表看自己的报告；full（或“完整”）显示全部条目\n/digest subscribe 每天 08:30|每周一 09:00 [区域] — 通过私信定时接收\n/digest unsubscribe — 取消"},
	"help.whoami":    {"what fieldloop knows about you", "查看你在 fieldloop 中的信息"},
	"usage.whoami":   {"/whoami — your name, roles, region, manager and language", "/whoami — 你的姓名、角色、区域、上级和语言"},

	// Language.
	"lang.current": {"I speak %[1]s with you. Change it with /lang en or /lang zh.", "我用%[1]s和你交流。用 /lang en 或 /lang zh 切换。"},
	"lang.set":     {"From now on I answer you in English.", "好的，以后我用中文回复你。"},
	"lang.name.en": {"English", "英文"},
	"lang.name.zh": {"Chinese (中文)", "中文"},

	// People.
	"role.rep":       {"sales rep", "销售代表"},
	"role.marketing": {"marketing", "市场部"},
	"role.manager":   {"manager", "销售经理"},
	"role.admin":     {"admin", "管理员"},
	"whoami.zone":    {"Time zone: %[1]s", "时区：%[1]s"},
	"whoami.name":    {"You are %[1]s (id %[2]s).", "你是%[1]s（ID：%[2]s）。"},
	"whoami.roles":   {"Roles: %[1]s", "角色：%[1]s"},
	"whoami.region":  {"Region: %[1]s", "区域：%[1]s"},
	"whoami.manager": {"Manager: %[1]s", "上级：%[1]s"},
	"whoami.manages": {"Reads reports of: %[1]s", "可查看区域：%[1]s"},
	"whoami.lang":    {"Language: %[1]s", "语言：%[1]s"},

	// Commands' declared arguments (bot/declare.go): descriptions of
	// subcommands and options, short enough for any platform (100 characters).
	"report.sub.new":    {"A form: pick the kind, then fill it in", "打开表单：先选类型，再填写"},
	"report.sub.kind":   {"File a report: %[1]s", "提交报告：%[1]s"},
	"report.sub.list":   {"Recent reports you can see", "查看你有权限看的近期报告"},
	"report.sub.show":   {"One report in full", "查看一份报告"},
	"report.sub.edit":   {"Change your report (within 24 h); without changes, open its form", "修改自己的报告（24 小时内）；不填修改内容则打开表单"},
	"report.sub.delete": {"Delete your report (within 24 h)", "删除自己的报告（24 小时内）"},
	"option.id":         {"The report's id, e.g. 42", "报告编号，例如 42"},
	"option.changes":    {"field=value …, e.g. units=15 note=\"late delivery\"", "字段=值 …，例如 units=15 note=\"送货延迟\""},
	"option.kind":       {"Only this kind", "只看这一类型"},
	"option.since":      {"Since when, e.g. 7d, 24h or 2026-11-01", "起始时间，例如 7d、24h 或 2026-11-01"},
	"option.person":     {"Only this person's (their fieldloop id)", "只看此人的报告（fieldloop ID）"},
	"option.region":     {"Only this region's (its id)", "只看此区域的报告（区域 ID）"},
	"option.language":   {"English or Chinese; empty shows the current one", "英文或中文；不填则查看当前语言"},
	"option.command":    {"One command in detail", "查看某个命令的详细说明"},
	"option.text":       {"What follows the command, as you would type it", "命令后面的内容，与输入命令时相同"},
	"option.required":   {"%[1]s (required)", "%[1]s（必填）"},
	"option.hint":       {"%[1]s · %[2]s", "%[1]s · %[2]s"},
	// Chinese names of commands, subcommands and options; the English one
	// is the name itself.
	"name.report":   {"report", "报告"},
	"name.lang":     {"lang", "语言"},
	"name.help":     {"help", "帮助"},
	"name.whoami":   {"whoami", "我是谁"},
	"name.schedule": {"schedule", "计划"},
	"name.away":     {"away", "休假"},
	"name.campaign": {"campaign", "活动"},
	"name.training": {"training", "培训"},
	"name.ack":      {"ack", "确认"},
	"name.calendar": {"calendar", "日历"},
	"name.target":   {"target", "目标"},
	"name.digest":   {"digest", "汇总"},
	"name.new":      {"new", "新建"},
	"name.list":     {"list", "列表"},
	"name.show":     {"show", "查看"},
	"name.edit":     {"edit", "修改"},
	"name.delete":   {"delete", "删除"},
	"name.id":       {"id", "编号"},
	"name.changes":  {"changes", "修改内容"},
	"name.kind":     {"kind", "类型"},
	"name.since":    {"since", "起始"},
	"name.person":   {"person", "人员"},
	"name.region":   {"region", "区域"},
	"name.language": {"language", "语言"},
	"name.command":  {"command", "命令"},
	"name.text":     {"text", "内容"},

	// The options of /campaign, /training, /schedule and /target, which
	// are typed as name=value in either language (bot.Match).
	"name.title":                {"title", "标题"},
	"name.start":                {"start", "开始"},
	"name.end":                  {"end", "结束"},
	"name.regions":              {"regions", "区域"},
	"name.description":          {"description", "描述"},
	"name.materials":            {"materials", "物料"},
	"name.at":                   {"at", "时间"},
	"name.duration":             {"duration", "时长"},
	"name.where":                {"where", "地点"},
	"name.audience":             {"audience", "对象"},
	"name.topic":                {"topic", "主题"},
	"name.tz":                   {"tz", "时区"},
	"name.every":                {"every", "频率"},
	"name.cron":                 {"cron", "cron"},
	"name.grace":                {"grace", "宽限"},
	"name.escalate":             {"escalate", "上报"},
	"name.nudge":                {"nudge", "提醒"},
	"name.local":                {"local", "当地时间"},
	"name.period":               {"period", "期间"},
	"name.amount":               {"amount", "金额"},
	"name.split":                {"split", "拆分"},
	"synonyms.name.start":       {"from", "开始日期、起始"},
	"synonyms.name.end":         {"to, until", "结束日期、截止"},
	"synonyms.name.regions":     {"region", "区域范围"},
	"synonyms.name.description": {"desc", "说明、详情"},
	"synonyms.name.at":          {"time, when", "日期时间"},
	"synonyms.name.where":       {"place, location", "地址"},
	"synonyms.name.audience":    {"who", "受众、人员"},
	"synonyms.name.every":       {"when", "时间"},
	"synonyms.name.local":       {"local time, own time", "本地时间、各人时区"},
	"synonyms.name.amount":      {"target", "目标、目标金额"},

	// A Text whose words are not the catalogue's (bot.Literal).
	"literal": {"%[1]s", "%[1]s"},
}

const usageReportEN = `/report — a form: pick the kind, then fill it in
/report KIND — the form for one kind
/report KIND field=value field="two words" … — saved at once
/report list [KIND] [since=7d] [person=ID] [region=ID] — recent reports you can see
/report show ID — one report in full
/report edit ID field=value … — change your report (within 24 h); field= clears a field
/report delete ID — delete your report (within 24 h)
Kinds: display, stock, pop, outlets, sales, promo, region, competitor, customer, payment.
Examples:
/report sales outlet="Carrefour Pudong" units=12 amount=3,200.50
/report competitor brand=BrandX activity=price_cut price=¥39.90
/report customer customer="Hualian Supermarket" sentiment=negative note="late deliveries"`

const usageReportZH = `/report — 打开表单：先选类型，再填写
/report 类型 — 直接打开该类型的表单
/report 类型 字段=值 字段="带空格的值" … — 立即保存
/report list [类型] [since=7d] [person=ID] [region=ID] — 查看你有权限看的近期报告
/report show 编号 — 查看一份报告
/report edit 编号 字段=值 … — 修改自己的报告（24 小时内）；字段= 表示清空
/report delete 编号 — 删除自己的报告（24 小时内）
类型：display 陈列、stock 理货、pop POP发放、outlets 网点、sales 销售、promo 促销反馈、region 区域、competitor 竞品、customer 客户、payment 回款。
示例：
/report sales outlet="家乐福浦东店" units=12 amount=3200元
/report competitor brand=某品牌 activity=降价 price=¥39.90
/report customer customer="华联超市" sentiment=负面 note="送货总是延迟"`

// usageRecordEN and usageRecordZH are the usage of /outlet, /customer and
// /product, which differ in their fields only.
func usageRecordEN(kind, id, fields string) string {
	return "/" + kind + " list [region=ID] [q=TEXT] — those you may see, searched in every name\n" +
		"/" + kind + " show " + id + "|NAME — one in full\n" +
		"/" + kind + " add " + fields + " — add one (id= is optional: the next one is given)\n" +
		"/" + kind + " edit " + id + " field=value … — change it (field=- clears it)\n" +
		"/" + kind + " remove " + id + " — take it out of use; the reports that name it keep it\n" +
		"/" + kind + " merge " + id + " into ID — fold a duplicate into the record that stays\n" +
		"Marketing and admins change these lists; managers the outlets of their regions."
}

func usageRecordZH(kind, id, fields string) string {
	return "/" + kind + " list [region=区域] [q=关键词] — 查看你可见的记录，按所有名称搜索\n" +
		"/" + kind + " show " + id + "|名称 — 查看详情\n" +
		"/" + kind + " add " + fields + " — 添加（id= 可不填，自动编号）\n" +
		"/" + kind + " edit " + id + " 字段=值 … — 修改（字段=- 表示清空）\n" +
		"/" + kind + " remove " + id + " — 停用；提到它的报告保持不变\n" +
		"/" + kind + " merge " + id + " into 编号 — 把重复的记录合并到保留的那条\n" +
		"市场部和管理员可修改这些名单；经理可修改自己区域的门店。"
}

const usageTeamEN = `/team list [region=ID] [role=rep|marketing|manager|admin] [left] — the people, or those who left
/team show PERSON — one person in full
/team add id=ID name="…" roles=rep[,manager…] region=ID [manager=ID] [language=en|zh] [timezone=Area/City] [PLATFORM=account id] — add someone
/team edit PERSON field=value … — change them (field=- clears it)
/team remove PERSON — they leave: their reports stay theirs, they get nothing more; /team restore PERSON brings them back
/team region [list] — the regions; /team region add id=ID name="…" [managers=ID,…] [holidays=…] [PLATFORM=channel id]; /team region edit ID field=value …
/team history [PERSON|REGION] — who changed what, and when
/team requests — who asked to join (/join); /team approve N [region=ID] [roles=…] [id=…] [name="…"] lets them in, /team deny N turns them down
Admins change everything; managers add, edit and remove the reps of their regions, but not roles.`

const usageTeamZH = `/team list [region=区域] [role=rep|marketing|manager|admin] [left] — 查看人员或已离职人员
/team show 人员 — 查看某人的完整信息
/team add id=ID name="…" roles=rep[,manager…] region=区域 [manager=ID] [language=en|zh] [timezone=时区] [平台=账号 ID] — 添加人员
/team edit 人员 字段=值 … — 修改（字段=- 表示清空）
/team remove 人员 — 离职：报告仍然保留，不再收到任何消息；/team restore 人员 可恢复
/team region [list] — 查看区域；/team region add id=ID name="…" [managers=ID,…] [holidays=…] [平台=频道 ID]；/team region edit ID 字段=值 …
/team history [人员|区域] — 谁在何时改了什么
/team requests — 查看加入申请（/join）；/team approve 编号 [region=区域] [roles=…] [id=…] [name="…"] 批准，/team deny 编号 拒绝
管理员可修改全部内容；经理可添加、修改和移除自己区域的销售代表，但不能修改角色。`

const usageScheduleEN = `/schedule add kind=KIND audience=all|REGION,… every="…"|cron="…" [grace=2h] [escalate=4h] [nudge=1h] [tz=Area/City] — add a schedule
  every: "daily 18:00", "workdays 18:00", "weekly fri 18:00", "monthly 1 09:00"; or cron="0 18 * * 1-5"
  A report of the kind filed after the previous deadline and by the deadline plus grace counts. nudge: a note before the deadline; at the deadline plus grace, a reminder to whoever is missing; escalate later, their manager hears.
/schedule list — the schedules and their next deadlines
/schedule remove ID — remove one
Admins manage every schedule, managers those of their regions. Holidays (in the org file) and /away days are skipped.`

const usageScheduleZH = `/schedule add kind=类型 audience=all|区域,… every="…"|cron="…" [grace=2h] [escalate=4h] [nudge=1h] [tz=时区] — 添加计划
  every="每天 18:00"、"工作日 18:00"、"每周五 18:00"、"每月1日 09:00"、"每月最后一天 18:00"（也可以写英文，如 "daily 18:00"）；或 cron="0 18 * * 1-5"
  在上一截止时间之后、本次截止时间加宽限之前提交的该类报告都算按时。nudge：截止前提醒；截止加宽限后提醒未提交的人；再过 escalate，通知其经理。
/schedule list — 查看计划和下次截止时间
/schedule remove 编号 — 删除计划
管理员可管理全部计划，经理可管理自己区域的计划。组织文件中的节假日和 /away 休假日不提醒。`

const usageCampaignEN = `/campaign add kind=promotion|event|pop|target|brand title="…" start=YYYY-MM-DD end=YYYY-MM-DD regions=east,north|all [description="…"] [materials="…"] — add one
/campaign list [upcoming|active|past|cancelled] [region=ID] — those that concern you
/campaign show ID — in full, with who acknowledged, delivery and field feedback
/campaign edit ID field=value … — change it (its channels are told)
/campaign cancel ID — cancel it (its channels are told)
/campaign broadcast ID — send it to its regions' channels with an Acknowledge button
/campaign remind ID — remind, now, those who have not acknowledged
Only marketing and admins add and change campaigns. Reports of kind promo and pop name the campaign they answer: campaign=ID.`

const usageCampaignZH = `/campaign add kind=promotion|event|pop|target|brand title="…" start=YYYY-MM-DD end=YYYY-MM-DD regions=east,north|all [description="…"] [materials="…"] — 添加
/campaign list [upcoming|active|past|cancelled] [region=ID] — 与你相关的活动
/campaign show 编号 — 详情，含确认情况、投递状态和现场反馈
/campaign edit 编号 字段=值 … — 修改（会通知相关频道）
/campaign cancel 编号 — 取消（会通知相关频道）
/campaign broadcast 编号 — 发送到相关区域频道，附“确认收到”按钮
/campaign remind 编号 — 立即提醒尚未确认的人
只有市场部和管理员可以添加和修改活动。promo 和 pop 报告用 campaign=编号 关联所反馈的活动。`

const usageTrainingEN = `/training add title="…" at="YYYY-MM-DD HH:MM" [duration=90m] [where="room or link"] audience=east,north|all [topic=product|selling_points|channels|customers] [tz=Area/City] — add one
/training list [upcoming|active|past|cancelled] — those that concern you
/training show ID, /training edit ID field=value …, /training cancel ID, /training broadcast ID, /training remind ID
Times are in the org's time zone unless tz= says otherwise.`

const usageTrainingZH = `/training add title="…" at="YYYY-MM-DD HH:MM" [duration=90m] [where="会议室或链接"] audience=east,north|all [topic=product|selling_points|channels|customers] [tz=时区] — 添加
/training list [upcoming|active|past|cancelled] — 与你相关的培训
/training show 编号、/training edit 编号 字段=值 …、/training cancel 编号、/training broadcast 编号、/training remind 编号
时间默认按组织时区，可用 tz= 指定。`
