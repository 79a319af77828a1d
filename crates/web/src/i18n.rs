//! Every string of the web pages in English, Simplified Chinese and Spanish.

use marketdesk_domain::i18n::Lang;

/// The languages offered by the switcher: (tag, name in itself).
pub const LANGUAGES: &[(&str, &str)] =
    &[("en", "English"), ("zh-CN", "简体中文"), ("es", "Español")];

/// (key, English, Chinese, Spanish).
#[rustfmt::skip]
const STRINGS: &[(&str, &str, &str, &str)] = &[
    ("site.title", "Help Center", "帮助中心", "Centro de ayuda"),
    ("site.skip", "Skip to content", "跳到正文", "Saltar al contenido"),
    ("nav.home", "Help", "帮助", "Ayuda"),
    ("nav.track", "Track an order", "查询订单", "Seguir un pedido"),
    ("nav.agent", "Agent workspace", "客服工作台", "Espacio de agentes"),
    ("nav.language", "Language", "语言", "Idioma"),
    ("home.heading", "How can we help?", "有什么可以帮您？", "¿Cómo podemos ayudarte?"),
    ("home.lead", "Track your order, change the delivery address, cancel or return — yourself, at any hour.", "自助查询订单、修改收货地址、取消或退货，全天候可用。", "Sigue tu pedido, cambia la dirección, cancela o devuelve — tú mismo, a cualquier hora."),
    ("home.track.title", "Where is my order?", "我的订单在哪里？", "¿Dónde está mi pedido?"),
    ("home.track.text", "See every step of your parcel and its expected delivery.", "查看包裹的每一步物流和预计送达时间。", "Consulta cada paso de tu paquete y la entrega prevista."),
    ("home.change.title", "Change the address", "修改收货地址", "Cambiar la dirección"),
    ("home.change.text", "Until your order is packed you can change where it goes.", "订单打包前，您可以修改收货地址。", "Hasta que se empaquete puedes cambiar a dónde va."),
    ("home.returns.title", "Returns and refunds", "退货与退款", "Devoluciones y reembolsos"),
    ("home.returns.text", "Within 30 days of delivery, with a printable label.", "签收后 30 天内，可打印退货标签。", "En los 30 días siguientes a la entrega, con etiqueta imprimible."),
    ("lookup.heading", "Find your order", "查找您的订单", "Encuentra tu pedido"),
    ("lookup.text", "Enter the order number from your confirmation email and the email address you ordered with.", "请输入确认邮件中的订单号以及下单时使用的邮箱。", "Introduce el número de pedido del correo de confirmación y el correo con el que compraste."),
    ("lookup.number", "Order number", "订单号", "Número de pedido"),
    ("lookup.email", "Email address", "邮箱地址", "Correo electrónico"),
    ("lookup.submit", "Show my order", "查看订单", "Ver mi pedido"),
    ("lookup.wrong", "We could not find an order with that number and email. Check both and try again.", "未找到与该订单号和邮箱匹配的订单，请核对后重试。", "No encontramos un pedido con ese número y correo. Revisa ambos e inténtalo de nuevo."),
    ("order.heading", "Order", "订单", "Pedido"),
    ("order.status", "Status", "状态", "Estado"),
    ("order.placed", "Placed", "下单时间", "Realizado"),
    ("order.total", "Total", "合计", "Total"),
    ("order.items", "Items", "商品", "Artículos"),
    ("order.quantity", "Qty", "数量", "Cant."),
    ("order.timeline", "Tracking", "物流跟踪", "Seguimiento"),
    ("order.no_tracking", "No tracking yet: the parcel has not been handed to the carrier.", "暂无物流信息：包裹尚未交给承运商。", "Aún sin seguimiento: el paquete no se ha entregado al transportista."),
    ("order.eta", "Expected delivery", "预计送达", "Entrega prevista"),
    ("order.address", "Delivery address", "收货地址", "Dirección de entrega"),
    ("order.change_address", "Change the delivery address", "修改收货地址", "Cambiar la dirección de entrega"),
    ("order.save_address", "Save the new address", "保存新地址", "Guardar la nueva dirección"),
    ("order.refunds", "Refunds", "退款", "Reembolsos"),
    ("order.invoice", "Download the invoice (PDF)", "下载发票（PDF）", "Descargar la factura (PDF)"),
    ("address.name", "Full name", "收件人姓名", "Nombre completo"),
    ("address.line1", "Street and number", "街道和门牌号", "Calle y número"),
    ("address.city", "City", "城市", "Ciudad"),
    ("address.postal_code", "Postal code", "邮政编码", "Código postal"),
    ("address.country", "Country (two letters)", "国家（两位代码）", "País (dos letras)"),
    ("status.pending_payment", "Awaiting payment", "待付款", "Pendiente de pago"),
    ("status.paid", "Paid", "已付款", "Pagado"),
    ("status.processing", "Being prepared", "备货中", "En preparación"),
    ("status.packed", "Packed", "已打包", "Empaquetado"),
    ("status.partially_shipped", "Partly shipped", "部分发货", "Enviado en parte"),
    ("status.shipped", "Shipped", "已发货", "Enviado"),
    ("status.delivered", "Delivered", "已送达", "Entregado"),
    ("status.completed", "Completed", "已完成", "Completado"),
    ("status.cancelled", "Cancelled", "已取消", "Cancelado"),
    ("status.on_hold", "On hold", "暂停处理", "En espera"),
    ("agent.login", "Sign in", "登录", "Iniciar sesión"),
    ("agent.login.heading", "Sign in to the workspace", "登录客服工作台", "Entra en el espacio de agentes"),
    ("agent.password", "Password", "密码", "Contraseña"),
    ("agent.wrong_login", "The email or password is wrong.", "邮箱或密码错误。", "El correo o la contraseña no son correctos."),
    ("agent.logout", "Sign out", "退出", "Salir"),
    ("agent.inbox", "Inbox", "收件箱", "Bandeja"),
    ("search.title", "Search", "搜索", "Buscar"),
    ("search.label", "Search tickets and articles", "搜索工单和文章", "Buscar en tickets y artículos"),
    ("search.button", "Search", "搜索", "Buscar"),
    ("search.kind", "In", "范围", "En"),
    ("search.kind.all", "Tickets and articles", "工单和文章", "Tickets y artículos"),
    ("search.kind.ticket", "Ticket", "工单", "Ticket"),
    ("search.kind.article", "Article", "文章", "Artículo"),
    ("search.none", "Nothing matches. Try fewer or other words.", "没有匹配的结果，请尝试更少或其他的词。", "Nada coincide. Prueba con menos palabras o con otras."),
    ("search.failed", "The search failed; try again in a moment.", "搜索失败，请稍后再试。", "La búsqueda ha fallado; inténtalo de nuevo en un momento."),
    ("view.mine", "Mine", "我的", "Míos"),
    ("view.unassigned", "Unassigned", "未分配", "Sin asignar"),
    ("view.open", "Open", "处理中", "Abiertos"),
    ("view.waiting", "Waiting", "等待中", "En espera"),
    ("view.all", "All", "全部", "Todos"),
    ("reply.attach", "Attach files", "添加附件", "Adjuntar archivos"),
    ("inbox.changed", "This queue has changed.", "此队列有更新。", "Esta cola ha cambiado."),
    ("lookup.limited", "There were too many failed attempts to open an order for now. If this is your order, we can email you a sign-in link instead — it works at once.", "目前打开订单的失败尝试过多。如果这是您的订单，我们可以改为向您的邮箱发送登录链接，立即可用。", "Ha habido demasiados intentos fallidos de abrir un pedido por ahora. Si el pedido es tuyo, podemos enviarte un enlace para entrar por correo; funciona al momento."),
    ("account.frozen", "This account is frozen while we review a security report. A specialist will contact you; you can sign in again once the review is done.", "该账户因安全审查已被冻结。专员会与您联系；审查完成后即可重新登录。", "Esta cuenta está congelada mientras revisamos un aviso de seguridad. Un especialista se pondrá en contacto contigo; podrás volver a entrar cuando termine la revisión."),
    ("login.locked", "Too many wrong passwords for now. If this is your account, we have emailed you a link that unlocks it; otherwise wait a few minutes.", "错误密码次数过多。如果这是您的账户，我们已向您的邮箱发送解锁链接；否则请稍等几分钟。", "Demasiadas contraseñas incorrectas por ahora. Si la cuenta es tuya, te hemos enviado por correo un enlace para desbloquearla; si no, espera unos minutos."),
    ("unlock.heading", "Unlock your account", "解锁您的账户", "Desbloquea tu cuenta"),
    ("unlock.text", "Press the button to lift the lock that wrong passwords put on your account, then sign in with your password.", "点击按钮即可解除因错误密码造成的锁定，然后用您的密码登录。", "Pulsa el botón para quitar el bloqueo que causaron las contraseñas incorrectas y luego entra con tu contraseña."),
    ("unlock.submit", "Unlock my account", "解锁我的账户", "Desbloquear mi cuenta"),
    ("unlock.invalid", "This unlock link is unknown, used or expired. If your account is locked again, a new link is emailed to you.", "该解锁链接无效、已使用或已过期。如果账户再次被锁定，我们会向您发送新的链接。", "Este enlace de desbloqueo no es válido, ya se usó o caducó. Si tu cuenta vuelve a bloquearse, te enviaremos uno nuevo."),
    ("unlock.done", "Your account is unlocked. Sign in with your password.", "您的账户已解锁，请用密码登录。", "Tu cuenta está desbloqueada. Entra con tu contraseña."),
    ("chat.too_many", "Too many chats were opened from your network just now. Please wait a few minutes and try again.", "您的网络刚刚打开了过多的对话，请稍等几分钟后再试。", "Se abrieron demasiados chats desde tu red hace un momento. Espera unos minutos y vuelve a intentarlo."),
    ("login.too_many", "Too many wrong attempts for now. Please wait a few minutes and try again.", "错误尝试次数过多，请稍等几分钟后再试。", "Demasiados intentos fallidos por ahora. Espera unos minutos y vuelve a intentarlo."),
    ("care.heading", "Reship, compensate or claim", "补发、补偿或理赔", "Reenviar, compensar o reclamar"),
    ("care.kind", "Action", "操作", "Acción"),
    ("care.reship", "Send a replacement", "补发商品", "Enviar un reemplazo"),
    ("care.compensation", "Compensation coupon", "补偿优惠券", "Cupón de compensación"),
    ("care.claim", "Claim with the carrier", "向承运商理赔", "Reclamar al transportista"),
    ("care.amount_hint", "(coupon value or amount claimed)", "（优惠券金额或理赔金额）", "(valor del cupón o importe reclamado)"),
    ("care.reason", "Reason", "原因", "Motivo"),
    ("care.submit", "Do it", "执行", "Hacerlo"),
    ("customer.language", "Language", "语言", "Idioma"),
    ("customer.phone", "Phone", "电话", "Teléfono"),
    ("customer.since", "Customer since", "注册时间", "Cliente desde"),
    ("customer.account", "Account", "账户", "Cuenta"),
    ("customer.tier", "Membership", "会员等级", "Membresía"),
    ("customer.points", "points", "积分", "puntos"),
    ("view.team", "My teams", "我的团队", "Mis equipos"),
    ("view.breaching", "Breaching SLA", "SLA 已超时", "SLA incumplido"),
    ("sla.heading", "Service level", "服务时效", "Nivel de servicio"),
    ("sla.first_response", "First reply", "首次回复", "Primera respuesta"),
    ("sla.resolution", "Resolution", "解决", "Resolución"),
    ("sla.left", "{} left", "剩余 {}", "quedan {}"),
    ("sla.overdue", "overdue {}", "已超时 {}", "vencido hace {}"),
    ("sla.met", "met", "已达成", "cumplido"),
    ("sla.missed", "missed", "未达成", "incumplido"),
    ("sla.units", "d,h,min", "天,小时,分钟", "d,h,min"),
    ("ticket.subject", "Subject", "主题", "Asunto"),
    ("ticket.requester", "Customer", "客户", "Cliente"),
    ("ticket.status", "Status", "状态", "Estado"),
    ("ticket.priority", "Priority", "优先级", "Prioridad"),
    ("ticket.updated", "Updated", "更新时间", "Actualizado"),
    ("ticket.channel", "Channel", "渠道", "Canal"),
    ("ticket.none", "Nothing here. Well done.", "这里没有工单，干得漂亮。", "Nada por aquí. ¡Bien hecho!"),
    ("ticket.note", "Internal note", "内部备注", "Nota interna"),
    ("ticket.system", "marketdesk", "marketdesk", "marketdesk"),
    ("reply.heading", "Reply", "回复", "Responder"),
    ("reply.macro", "Macro", "快捷回复", "Macro"),
    ("reply.no_macro", "— none —", "— 不使用 —", "— ninguna —"),
    ("reply.kind", "Send as", "发送方式", "Enviar como"),
    ("reply.public", "Public reply", "公开回复", "Respuesta pública"),
    ("reply.status", "Then set status", "随后将状态设为", "Después, estado"),
    ("reply.keep", "— unchanged —", "— 不变 —", "— sin cambios —"),
    ("reply.send", "Send", "发送", "Enviar"),
    ("customer.heading", "Customer", "客户", "Cliente"),
    ("customer.orders", "Orders", "订单", "Pedidos"),
    ("refund.amount", "Refund amount", "退款金额", "Importe a reembolsar"),
    ("refund.submit", "Refund", "退款", "Reembolsar"),
    ("refund.limit", "Your limit without approval", "您无需审批的额度", "Tu límite sin aprobación"),
    ("refund.no_limit", "No limit", "无限额", "Sin límite"),
    ("refund.allowance", "{per_order} per order ({left_order} left on this one), {daily} a day ({left_today} left); refunds and coupons count together, above them the request waits for approval", "每个订单 {per_order}（本订单剩余 {left_order}），每天 {daily}（今日剩余 {left_today}）；退款和优惠券合并计算，超出部分需等待审批", "{per_order} por pedido (quedan {left_order} en este), {daily} al día (quedan {left_today}); reembolsos y cupones cuentan juntos; por encima, la solicitud espera aprobación"),
    ("refund.bad_amount", "Enter an amount such as 5.00", "请输入金额，例如 5.00", "Introduce un importe como 5,00"),
    ("footer.text", "marketdesk — customer service you run yourself", "marketdesk — 自主部署的客户服务", "marketdesk — atención al cliente en tu propio servidor"),
    ("order.cancel", "Cancel this order", "取消此订单", "Cancelar este pedido"),
    ("order.cancel.reason", "Why? (optional)", "取消原因（选填）", "¿Por qué? (opcional)"),
    ("order.cancel.button", "Cancel the order and refund me", "取消订单并退款", "Cancelar el pedido y reembolsarme"),
    ("order.return", "Return items", "退货", "Devolver artículos"),
    ("order.return.reason", "Reason", "退货原因", "Motivo"),
    ("order.return.button", "Get a return label", "获取退货标签", "Obtener etiqueta de devolución"),
    ("order.returns", "Your returns", "您的退货", "Tus devoluciones"),
    ("order.label", "Return label (PDF)", "退货标签（PDF）", "Etiqueta de devolución (PDF)"),
    ("reason.too_small", "Too small", "尺码偏小", "Demasiado pequeño"),
    ("reason.too_large", "Too large", "尺码偏大", "Demasiado grande"),
    ("reason.not_as_described", "Not as described", "与描述不符", "No es como se describe"),
    ("reason.wrong_item", "Wrong item", "发错商品", "Artículo equivocado"),
    ("reason.damaged", "Damaged", "商品损坏", "Dañado"),
    ("reason.defective", "Defective", "质量问题", "Defectuoso"),
    ("reason.changed_mind", "Changed my mind", "不想要了", "He cambiado de opinión"),
    ("reason.other", "Other", "其他", "Otro"),
    ("status.pending", "Pending", "待处理", "Pendiente"),
    ("status.new", "New", "新建", "Nuevo"),
    ("status.open", "Open", "处理中", "Abierto"),
    ("status.solved", "Solved", "已解决", "Resuelto"),
    ("status.closed", "Closed", "已关闭", "Cerrado"),
    ("priority.low", "Low", "低", "Baja"),
    ("priority.normal", "Normal", "普通", "Normal"),
    ("priority.high", "High", "高", "Alta"),
    ("priority.urgent", "Urgent", "紧急", "Urgente"),
    ("status.info_received", "Label created", "已创建运单", "Etiqueta creada"),
    ("status.in_transit", "In transit", "运输中", "En tránsito"),
    ("status.out_for_delivery", "Out for delivery", "派送中", "En reparto"),
    ("status.attempt_failed", "Delivery attempt failed", "派送未成功", "Intento de entrega fallido"),
    ("status.available_for_pickup", "Ready for pickup", "待自提", "Listo para recoger"),
    ("status.exception", "Problem in delivery", "配送异常", "Incidencia en la entrega"),
    ("status.expired", "Tracking expired", "物流信息已过期", "Seguimiento caducado"),
    ("status.requested", "Requested", "已申请", "Solicitada"),
    ("status.label_issued", "Label issued", "已发放标签", "Etiqueta emitida"),
    ("status.received", "Received", "已收货", "Recibida"),
    ("status.inspected", "Inspected", "已质检", "Revisada"),
    ("status.refunded", "Refunded", "已退款", "Reembolsada"),
    ("status.rejected", "Rejected", "已拒绝", "Rechazada"),
    ("customer.refundable", "Can still be refunded", "可退款金额", "Aún reembolsable"),
    ("customer.this_ticket", "this ticket", "本工单", "este ticket"),
    ("refund.done", "Refunded", "已退款", "Reembolsado"),
    ("refund.pending", "Waiting for approval", "等待审批", "Pendiente de aprobación"),
    ("error.not_found", "This page does not exist.", "页面不存在。", "Esta página no existe."),
    ("error.load_failed", "This could not be loaded just now. Please try again in a moment.", "暂时无法加载，请稍后再试。", "No se ha podido cargar en este momento. Inténtalo de nuevo en unos instantes."),
    ("error.part_failed", "Part of this page could not be loaded just now, so what is shown may be incomplete. Please reload in a moment.", "此页面的部分内容暂时无法加载，显示的信息可能不完整。请稍后刷新。", "Una parte de esta página no se ha podido cargar, así que lo que ves puede estar incompleto. Vuelve a cargarla en unos instantes."),
    ("ticket.not_found", "Ticket not found.", "未找到该工单。", "No se ha encontrado el ticket."),
    ("admin.title", "Administration", "管理", "Administración"),
    ("admin.audit", "Audit log", "审计日志", "Registro de auditoría"),
    ("admin.webhooks", "Webhook deliveries", "Webhook 投递记录", "Entregas de webhooks"),
    ("admin.people", "Staff", "员工", "Equipo"),
    ("admin.policy", "Policy", "政策", "Política"),
    ("admin.macros", "Macros", "快捷回复", "Macros"),
    ("admin.forbidden", "Your role cannot see this page.", "您的角色无权查看此页面。", "Tu rol no puede ver esta página."),
    ("admin.when", "When", "时间", "Cuándo"),
    ("admin.who", "Who", "操作人", "Quién"),
    ("admin.what", "What", "操作", "Qué"),
    ("admin.change", "Change", "变更", "Cambio"),
    ("admin.event", "Event", "事件", "Evento"),
    ("admin.state", "State", "状态", "Estado"),
    ("admin.attempts", "Attempts", "尝试次数", "Intentos"),
    ("admin.name", "Name", "名称", "Nombre"),
    ("admin.role", "Role", "角色", "Rol"),
    ("admin.add_macro", "Add a macro", "新增快捷回复", "Añadir una macro"),
    ("admin.save", "Save", "保存", "Guardar"),
    ("admin.teams", "Teams", "团队", "Equipos"),
    ("admin.members", "Members", "成员", "Miembros"),
    ("admin.disabled", "Disabled", "已停用", "Desactivado"),
    ("admin.add_staff", "Add a staff member", "新增员工", "Añadir a alguien al equipo"),
    ("admin.add_team", "Add a team", "新增团队", "Añadir un equipo"),
    ("admin.add_member", "Add to team", "加入团队", "Añadir al equipo"),
    ("admin.remove", "Remove", "移除", "Quitar"),
    ("admin.description", "Description", "说明", "Descripción"),
    ("admin.roles", "Roles", "角色", "Roles"),
    ("admin.roles.text", "Each role is a fixed set of permissions; API tokens can narrow them further with scopes.", "每个角色对应一组固定权限；API 令牌可通过作用域进一步收窄。", "Cada rol es un conjunto fijo de permisos; los tokens de la API pueden limitarlos más con ámbitos."),
    ("admin.permission", "Permission", "权限", "Permiso"),
    ("perm.read_tickets", "Read tickets (customers: their own)", "查看工单（客户仅限自己的）", "Ver tickets (clientes: los suyos)"),
    ("perm.create_ticket", "Open tickets", "创建工单", "Abrir tickets"),
    ("perm.reply_to_ticket", "Reply on tickets", "回复工单", "Responder tickets"),
    ("perm.work_tickets", "Work tickets: status, assignment, notes, merge", "处理工单：状态、分配、备注、合并", "Gestionar tickets: estado, asignación, notas, fusión"),
    ("perm.read_customers", "See customers", "查看客户", "Ver clientes"),
    ("perm.write_customers", "Add and edit customers", "新增和编辑客户", "Crear y editar clientes"),
    ("perm.read_orders", "See orders", "查看订单", "Ver pedidos"),
    ("perm.read_staff", "See staff and teams", "查看员工和团队", "Ver equipo y equipos"),
    ("perm.manage_teams", "Manage teams and their members", "管理团队及其成员", "Gestionar equipos y sus miembros"),
    ("perm.manage_macros", "Write and change reply macros", "编写和修改快捷回复", "Escribir y cambiar macros de respuesta"),
    ("perm.run_shipment_watch", "Run the shipment watch now", "立即运行物流监控", "Ejecutar ahora la vigilancia de envíos"),
    ("perm.unfreeze_accounts", "Unfreeze accounts after a security review", "安全审查后解冻账户", "Desbloquear cuentas tras una revisión de seguridad"),
    ("perm.manage_users", "Manage staff accounts and roles", "管理员工账号和角色", "Gestionar cuentas y roles del equipo"),
    ("perm.manage_tokens", "Manage API tokens", "管理 API 令牌", "Gestionar tokens de la API"),
    ("perm.read_audit", "Read the audit log", "查看审计日志", "Ver el registro de auditoría"),
    ("perm.export_data", "Export all data", "导出全部数据", "Exportar todos los datos"),
    ("perm.ingest_commerce", "Send orders, shipments and payments (shop systems)", "写入订单、物流和支付（商城系统）", "Enviar pedidos, envíos y pagos (sistemas de la tienda)"),
    ("ticket.sellers", "Sellers on these orders", "这些订单的卖家", "Vendedores de estos pedidos"),
    ("ticket.sellers.hint", "A seller sees this ticket only once shared: the public messages from then on, never notes.", "卖家只有在共享后才能看到此工单：只看到此后的公开消息，永远看不到内部备注。", "Un vendedor solo ve este ticket una vez compartido: los mensajes públicos desde entonces, nunca las notas."),
    ("ticket.sellers.shared", "Shared", "已共享", "Compartido"),
    ("ticket.sellers.share", "Share with this seller", "与此卖家共享", "Compartir con este vendedor"),
    ("ticket.sellers.unshare", "Stop sharing", "停止共享", "Dejar de compartir"),
    ("perm.act_on_orders", "Change orders: address, cancellation, refunds, returns (customers: their own)", "处理订单：地址、取消、退款、退货（客户仅限自己的）", "Cambiar pedidos: dirección, cancelación, reembolsos, devoluciones (clientes: los suyos)"),
    ("perm.read_help_insights", "See help-center searches that found nothing", "查看帮助中心无结果的搜索", "Ver las búsquedas del centro de ayuda sin resultados"),
    ("perm.edit_help", "Write help-center articles", "编写帮助中心文章", "Escribir artículos del centro de ayuda"),
    ("perm.read_promotions", "See offers and coupons on file", "查看现有优惠和优惠券", "Ver ofertas y cupones registrados"),
    ("perm.manage_promotions", "Create and change offers and coupons", "创建和修改优惠及优惠券", "Crear y cambiar ofertas y cupones"),
    ("perm.read_reports", "Read reports over all conversations", "查看全部对话的报表", "Ver informes de todas las conversaciones"),
    ("admin.articles", "Help center", "帮助中心", "Centro de ayuda"),
    ("admin.automation", "Self-service", "自助服务", "Autoservicio"),
    ("automation.all", "All chats", "全部对话", "Todos los chats"),
    ("automation.flow", "What the assistant did", "助手处理的事项", "Lo que hizo el asistente"),
    ("automation.conversations", "Chats", "对话数", "Chats"),
    ("automation.resolved", "Resolved", "已解决", "Resueltos"),
    ("automation.handed_over", "Handed over", "转人工", "Pasados a una persona"),
    ("automation.csat", "CSAT (4–5 of 5)", "满意度（4–5 分）", "CSAT (4–5 de 5)"),
    ("automation.rated", "Rated", "已评分", "Valorados"),
    ("automation.rule", "Last 30 days. A chat counts as resolved only when it was not handed to a person, not rated 1 or 2, and the customer did not come back within 72 hours; chats from the last 72 hours are not counted as resolved yet.", "最近 30 天。仅当对话未转人工、未被评为 1 或 2 分、且客户 72 小时内没有再次联系时，才计为已解决；最近 72 小时内的对话暂不计为已解决。", "Últimos 30 días. Un chat cuenta como resuelto solo si no pasó a una persona, no se valoró con 1 o 2 y el cliente no volvió en 72 horas; los chats de las últimas 72 horas aún no cuentan como resueltos."),
    ("kb.slug", "Address", "地址", "Dirección"),
    ("kb.category", "Category", "分类", "Categoría"),
    ("kb.feedback", "Helpful?", "有帮助吗？", "¿Útil?"),
    ("kb.draft", "Draft", "草稿", "Borrador"),
    ("kb.published", "Published", "已发布", "Publicado"),
    ("kb.edit", "Edit", "编辑", "Editar"),
    ("kb.new", "New article", "新建文章", "Nuevo artículo"),
    ("kb.view", "View as customers see it", "以客户视角查看", "Ver como los clientes"),
    ("kb.title", "Title", "标题", "Título"),
    ("kb.body", "Text", "正文", "Texto"),
    ("kb.languages_hint", "Fill in the languages you have; readers of the others get English, or the first language written.", "填写已有的语言即可；其他语言的读者会看到英文版或最先写好的语言。", "Rellena los idiomas que tengas; quien lea en otro idioma verá el inglés o el primero escrito."),
    ("kb.reasons", "What readers said", "读者反馈", "Lo que dijeron los lectores"),
    ("kb.misses", "Searches that found nothing", "无结果的搜索", "Búsquedas sin resultados"),
    ("kb.query", "Search", "搜索词", "Búsqueda"),
    ("kb.times", "Times", "次数", "Veces"),
    ("nav.requests", "My requests", "我的服务请求", "Mis solicitudes"),
    ("signin.heading", "Sign in with your email", "使用邮箱登录", "Entra con tu correo"),
    ("signin.text", "We will email you a link that signs you in for 30 minutes, no password needed.", "我们会向您的邮箱发送一个登录链接，30 分钟内有效，无需密码。", "Te enviaremos un enlace que te deja entrar durante 30 minutos, sin contraseña."),
    ("signin.submit", "Email me a link", "发送登录链接", "Envíame un enlace"),
    ("signin.sent", "If this address has an account, a sign-in link is on its way.", "如果该邮箱已注册，登录链接已发送。", "Si esta dirección tiene cuenta, el enlace ya va de camino."),
    ("magic.heading", "Sign in", "登录", "Entrar"),
    ("magic.text", "Press the button to sign in with the link we emailed you.", "点击下方按钮，使用邮件中的链接登录。", "Pulsa el botón para entrar con el enlace que te enviamos."),
    ("magic.submit", "Sign me in", "登录", "Entrar"),
    ("portal.signout", "Sign out", "退出登录", "Cerrar sesión"),
    ("portal.signed_out", "You are signed out.", "您已退出登录。", "Has cerrado la sesión."),
    ("message.remote_image", "Show remote image (opens the sender's server)", "显示外部图片（将访问发件方服务器）", "Mostrar imagen externa (abre el servidor del remitente)"),
    ("signin.expired", "This sign-in link is unknown, used or expired. Ask for a new one.", "该登录链接无效、已使用或已过期，请重新获取。", "Este enlace no es válido, ya se usó o caducó. Pide uno nuevo."),
    ("requests.heading", "My requests", "我的服务请求", "Mis solicitudes"),
    ("requests.none", "You have no requests yet.", "您还没有服务请求。", "Aún no tienes solicitudes."),
    ("requests.reply", "Add a reply", "补充回复", "Añadir una respuesta"),
    ("requests.you", "You", "您", "Tú"),
    ("requests.support", "Support", "客服", "Soporte"),
    ("ticket.update", "Update", "更新", "Actualizar"),
    ("ticket.assignee", "Assignee", "处理人", "Asignado a"),
    ("ticket.unassigned", "— nobody —", "— 未分配 —", "— nadie —"),
    ("ticket.tags", "Tags", "标签", "Etiquetas"),
    ("ticket.live", "New activity on this ticket — reload to see it.", "此工单有新动态，刷新即可查看。", "Hay novedades en este ticket: recarga para verlas."),
    ("customer.past", "Other conversations", "其他会话", "Otras conversaciones"),
    ("nav.policies", "Policies", "服务政策", "Políticas"),
    ("policy.heading", "Our policies", "我们的服务政策", "Nuestras políticas"),
    ("policy.changes.title", "Changing or cancelling an order", "修改或取消订单", "Cambiar o cancelar un pedido"),
    ("policy.changes.text", "You can change the delivery address, phone, size or colour until your order is packed, and cancel it until it ships. When you cancel, money only reserved on your card is released at once and money already taken is refunded automatically. After shipping you can refuse the delivery or return the items once they arrive.", "订单打包前，您可以修改收货地址、电话、尺码或颜色；发货前可以取消订单。取消后，仅预授权的款项会立即释放，已扣款项会自动退还。发货后，您可以拒收包裹，或在收货后申请退货。", "Puedes cambiar la dirección, el teléfono, la talla o el color hasta que tu pedido se empaquete, y cancelarlo hasta que se envíe. Al cancelar, el importe solo reservado en tu tarjeta se libera al momento y lo ya cobrado se reembolsa automáticamente. Tras el envío puedes rechazar la entrega o devolver los artículos cuando lleguen."),
    ("policy.returns.title", "Returns", "退货", "Devoluciones"),
    ("policy.returns.window", "Days after delivery to start a return", "签收后可申请退货的天数", "Días tras la entrega para iniciar una devolución"),
    ("policy.returns.label", "Days a return label stays valid", "退货标签有效天数", "Días de validez de la etiqueta de devolución"),
    ("policy.returns.final", "Items sold as final sale cannot be returned.", "最终销售商品不支持退货。", "Los artículos de venta final no admiten devolución."),
    ("policy.returns.trigger", "When the refund is paid", "何时退款", "Cuándo se paga el reembolso"),
    ("trigger.on_request", "As soon as you start the return", "提交退货申请后立即退款", "En cuanto inicias la devolución"),
    ("trigger.on_carrier_scan", "When the carrier scans your parcel", "承运商揽收扫描后", "Cuando el transportista escanea tu paquete"),
    ("trigger.on_receipt", "When the parcel reaches our warehouse", "包裹到达仓库后", "Cuando el paquete llega a nuestro almacén"),
    ("trigger.on_inspection", "When our warehouse has checked the items", "仓库质检完成后", "Cuando nuestro almacén ha revisado los artículos"),
    ("policy.special", "Shorter windows", "较短的退货期", "Plazos más cortos"),
    ("policy.refunds.title", "Refunds", "退款", "Reembolsos"),
    ("policy.refunds.days", "Business days for a refund to reach your card or wallet", "退款到账所需工作日", "Días hábiles para que el reembolso llegue a tu tarjeta o monedero"),
    ("policy.shipping.title", "Delivery", "配送", "Entregas"),
    ("policy.shipping.text", "We watch every parcel. If it has not moved for a few days, is late, or the carrier could not deliver it, we contact you first and follow up with the carrier; a parcel missing for too long is treated as lost and replaced or refunded.", "我们会跟踪每一个包裹。若包裹数日没有更新、延误或派送失败，我们会主动联系您并跟进承运商；长时间丢失的包裹将按丢件处理，为您补发或退款。", "Vigilamos cada paquete. Si lleva unos días sin moverse, se retrasa o el transportista no pudo entregarlo, te avisamos primero y reclamamos al transportista; un paquete perdido demasiado tiempo se da por perdido y lo reponemos o reembolsamos."),
    ("policy.shipping.lost", "Days after which a parcel is presumed lost (domestic / international)", "包裹被视为丢失的天数（国内 / 国际）", "Días tras los que un paquete se da por perdido (nacional / internacional)"),
    ("policy.membership.title", "Membership", "会员", "Membresía"),
    ("policy.membership.points", "points from", "积分起", "puntos desde"),
    ("policy.membership.rate", "points per unit spent", "每消费一单位获得积分", "puntos por unidad gastada"),
    ("ticket.merge", "Merge into ticket", "合并到工单", "Fusionar con el ticket"),
    ("ticket.merge.button", "Merge", "合并", "Fusionar"),
    ("bulk.selected", "With the selected tickets", "对所选工单", "Con los tickets seleccionados"),
    ("bulk.assign_me", "Assign to me", "分配给我", "Asignármelos"),
    ("bulk.apply", "Apply", "应用", "Aplicar"),
    ("bulk.done", "Tickets updated", "工单已更新", "Tickets actualizados"),
    ("shortcuts.hint", "Shortcuts: r reply · n note · g i inbox · j/k move · o open", "快捷键：r 回复 · n 备注 · g i 收件箱 · j/k 移动 · o 打开", "Atajos: r responder · n nota · g i bandeja · j/k mover · o abrir"),
    ("action.cancel.reason", "Cancelled from the ticket", "在工单中取消", "Cancelado desde el ticket"),
    ("action.cancel", "Cancel order", "取消订单", "Cancelar pedido"),
    ("ticket.viewers", "Also on this ticket now:", "正在查看此工单的还有：", "También en este ticket ahora:"),
    ("ticket.intent", "Topic", "主题分类", "Tema"),
    ("chat.slow_down", "You are writing faster than we can read. Please wait a moment and send it again.", "您发送得太快了，请稍等片刻再发送。", "Escribes más rápido de lo que podemos leer. Espera un momento y vuelve a enviarlo."),
    ("chat.too_long", "That message is too long for the chat (4,000 characters at most). Please shorten it, or write to us by email.", "消息过长（最多 4000 个字符），请缩短后再发送，或通过邮件联系我们。", "Ese mensaje es demasiado largo para el chat (4000 caracteres como máximo). Acórtalo o escríbenos por correo."),
    ("chat.expired", "This chat has ended. Reload the page to start a new one.", "此对话已结束，请刷新页面开始新的对话。", "Este chat ha terminado. Recarga la página para empezar uno nuevo."),
    ("chat.failed", "Something went wrong on our side. Please try again in a moment.", "我们这边出了点问题，请稍后再试。", "Algo falló por nuestra parte. Inténtalo de nuevo en un momento."),
    ("chat.title", "Chat with us", "在线咨询", "Chatea con nosotros"),
    ("chat.placeholder", "Write your message…", "请输入您的问题…", "Escribe tu mensaje…"),
    ("nav.chat", "Chat", "在线咨询", "Chat"),
    ("help.heading", "Help articles", "帮助文章", "Artículos de ayuda"),
    ("help.search", "Search the help center", "搜索帮助中心", "Busca en el centro de ayuda"),
    ("help.search.button", "Search", "搜索", "Buscar"),
    ("help.none", "No article matches. Ask us in the chat:", "没有找到相关文章，欢迎在线咨询：", "Ningún artículo coincide. Pregúntanos por chat:"),
    ("help.helpful", "Was this helpful?", "这篇文章有帮助吗？", "¿Te ha sido útil?"),
    ("help.yes", "Yes", "有帮助", "Sí"),
    ("help.no", "No", "没有帮助", "No"),
    ("help.why", "What was missing? (optional)", "还缺少什么？（选填）", "¿Qué faltaba? (opcional)"),
    ("help.thanks", "Thank you for telling us.", "感谢您的反馈。", "Gracias por decírnoslo."),
    ("help.related", "Related articles", "相关文章", "Artículos relacionados"),
    ("category.shipping", "Shipping and delivery", "配送", "Envíos y entregas"),
    ("category.orders", "Orders", "订单", "Pedidos"),
    ("category.returns", "Returns", "退货", "Devoluciones"),
    ("category.refunds", "Refunds", "退款", "Reembolsos"),
    ("category.promotions", "Coupons and promotions", "优惠券与促销", "Cupones y promociones"),
    ("category.account", "Your account", "账户", "Tu cuenta"),
    ("category.payments", "Payments", "支付", "Pagos"),
    ("nav.help", "Help articles", "帮助文章", "Artículos de ayuda"),
    ("contact.heading", "Contact us", "联系我们", "Contacto"),
    ("contact.open", "Our team is at work now.", "客服团队当前在线。", "Nuestro equipo está trabajando ahora."),
    ("contact.closed", "Our team is away now; the assistant answers at any hour and people reply when they are back.", "客服团队当前不在线；智能助手全天候为您服务，团队上班后会尽快回复。", "Nuestro equipo no está ahora; el asistente responde a cualquier hora y las personas contestan a la vuelta."),
    ("contact.chat", "The assistant answers at once and passes you to a person when needed.", "智能助手即时回复，需要时为您转接人工。", "El asistente responde al momento y te pasa con una persona si hace falta."),
    ("contact.waiting", "People waiting for an agent now", "当前排队等待人工的人数", "Personas esperando a un agente ahora"),
    ("contact.email", "Email", "邮箱", "Correo"),
    ("contact.phone", "Phone", "电话", "Teléfono"),
    ("contact.hours", "Hours (UTC)", "服务时间（UTC）", "Horario (UTC)"),
    ("nav.contact", "Contact", "联系我们", "Contacto"),
    ("approvals.title", "Approvals", "审批", "Aprobaciones"),
    ("approvals.lead", "Refunds and compensation above the requester's limit — on one order or in a day — wait here for someone whose limit covers them.", "超出申请人额度（单个订单或单日累计）的退款和补偿在此等待额度足够的人审批。", "Los reembolsos y compensaciones que superan el límite de quien los pide —en un pedido o en un día— esperan aquí a alguien cuyo límite los cubra."),
    ("approvals.empty", "Nothing is waiting for approval.", "没有待审批的请求。", "No hay nada pendiente de aprobación."),
    ("approvals.order", "Order", "订单", "Pedido"),
    ("approvals.ticket", "Ticket", "工单", "Ticket"),
    ("approvals.kind", "Kind", "类型", "Tipo"),
    ("approvals.kind.refund", "Refund to the payment method", "原路退款", "Reembolso al método de pago"),
    ("approvals.kind.store_credit", "Store credit", "账户余额", "Saldo en la tienda"),
    ("approvals.kind.coupon", "Compensation coupon", "补偿优惠券", "Cupón de compensación"),
    ("approvals.amount", "Amount", "金额", "Importe"),
    ("approvals.reason", "Reason", "原因", "Motivo"),
    ("approvals.requested_by", "Asked by", "申请人", "Pedido por"),
    ("approvals.decision", "Decision", "决定", "Decisión"),
    ("approvals.approve", "Approve", "批准", "Aprobar"),
    ("approvals.reject", "Reject", "拒绝", "Rechazar"),
    ("approvals.approved", "Approved", "已批准", "Aprobado"),
    ("approvals.rejected", "Rejected", "已拒绝", "Rechazado"),
    ("approvals.reason_needed", "A rejection needs a reason.", "拒绝时请填写原因。", "Un rechazo necesita un motivo."),
    ("approvals.not_yours", "Above your limit: an admin decides.", "超出您的额度：由管理员决定。", "Por encima de tu límite: decide un administrador."),
];

/// The strings of one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    /// The translation of `key`; the key itself when missing, so a gap shows.
    pub fn s(&self, key: &str) -> &'static str {
        let Some(row) = STRINGS.iter().find(|r| r.0 == key) else {
            tracing::warn!(key, "missing UI string");
            return "??";
        };
        match self.lang {
            Lang::En => row.1,
            Lang::Zh => row.2,
            Lang::Es => row.3,
        }
    }

    /// The `lang` attribute and tag of the language.
    pub fn tag(&self) -> &'static str {
        match self.lang {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
            Lang::Es => "es",
        }
    }

    /// A ticket priority translated.
    pub fn priority(&self, priority: &str) -> &'static str {
        match priority {
            "low" => self.s("priority.low"),
            "high" => self.s("priority.high"),
            "urgent" => self.s("priority.urgent"),
            _ => self.s("priority.normal"),
        }
    }

    /// A status name (`status.<name>`) translated, or the name itself.
    pub fn status(&self, status: &str) -> String {
        let key = format!("status.{status}");
        if STRINGS.iter().any(|r| r.0 == key) {
            self.s(&key).to_string()
        } else {
            status.replace('_', " ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_exists_in_every_language_and_keys_are_unique() {
        let mut keys: Vec<&str> = STRINGS.iter().map(|r| r.0).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "duplicate keys");
        for (key, en, zh, es) in STRINGS {
            assert!(!en.is_empty() && !zh.is_empty() && !es.is_empty(), "{key}");
        }
    }

    #[test]
    fn every_template_is_checked() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut pending = vec![root.clone()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let name = path
                        .strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    assert!(
                        crate::TEMPLATE_SOURCES.iter().any(|(n, _)| *n == name),
                        "{name} is missing from TEMPLATE_SOURCES"
                    );
                }
            }
        }
    }

    #[test]
    fn templates_use_only_known_keys() {
        for (name, text) in crate::TEMPLATE_SOURCES {
            for piece in text.split("t.s(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                assert!(
                    STRINGS.iter().any(|r| r.0 == key),
                    "{name} uses unknown key {key}"
                );
            }
        }
    }
}
