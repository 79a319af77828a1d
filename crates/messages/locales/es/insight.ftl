# El panel de informes (docs/METRICS.md).
reports-title = Informes
reports-own-title = Mis cifras
reports-from = Desde
reports-to = Hasta
reports-channel = Canal
reports-team = Equipo
reports-language = Idioma
reports-intent = Intención
reports-tier = Nivel del cliente
reports-all = Todos
reports-group-by = Agrupar por
reports-group-team = Equipo
reports-group-agent = Agente
reports-group-channel = Canal
reports-group-language = Idioma
reports-group-intent = Intención
reports-group-tier = Nivel
reports-group-day = Día
reports-apply = Mostrar
reports-last-7 = Últimos 7 días
reports-last-week = La semana pasada
reports-last-30 = Últimos 30 días
reports-last-90 = Últimos 90 días
reports-everyone = Cifras de todos
reports-mine = Mis cifras
reports-period = Del { $from } al { $to }, frente al { $previous_from } – { $previous_to } (días en { $zone })
reports-pending = { $count ->
    [one] todavía se está contando un ticket
   *[other] todavía se están contando { $count } tickets
}
reports-before = antes:
reports-trend = Creados y resueltos por día
reports-backlog-age = Tickets sin resolver por antigüedad
reports-table-title = Por { $group }
reports-csv = Descargar CSV
reports-definitions = Cómo se calculan estas cifras
reports-created = Creados
reports-solved = Resueltos
reports-first-reply = Tiempo de primera respuesta
reports-next-reply = Tiempo de siguiente respuesta
reports-resolution = Tiempo total de resolución
reports-requester-wait = Tiempo de espera del cliente
reports-first-assignment = Tiempo hasta la primera asignación
reports-sla-first-reply = Primera respuesta dentro del SLA
reports-sla-resolution = Resolución dentro del SLA
reports-sla-first-reply-missed = Primeras respuestas fuera del SLA
reports-sla-resolution-missed = Resoluciones fuera del SLA
reports-one-touch = Resolución en un contacto
reports-reopened = Reabiertos
reports-csat = Satisfacción (CSAT)
reports-unsatisfied = Valoraciones de 3 o menos
reports-response-rate = Tasa de respuesta a la encuesta
reports-backlog = Sin resolver ahora
reports-unit-min = min
reports-unit-h = h
reports-unit-d = d
reports-time-detail = p90 { $p90 } · horario laboral { $business } · { $count } medidos
reports-share-detail = { $count } de { $of }
reports-none = (ninguno)
reports-first-reply-by = Tiempo de primera respuesta (mediana, horas) por { $group }
reports-this-period = Este periodo
reports-previous-period = Periodo anterior
reports-age-day = Menos de un día
reports-age-3 = 1–3 días
reports-age-7 = 3–7 días
reports-age-older = Más de 7 días
reports-tickets-title = Tickets detrás de una cifra
reports-business = horario laboral
reports-back = Volver a los informes
reports-tickets-count = { $count ->
    [one] Un ticket, del { $from } al { $to }.
   *[other] { $count } tickets, del { $from } al { $to }.
}
reports-ticket = Ticket
reports-subject = Asunto
reports-status = Estado
reports-created-at = Creado
reports-value = Tiempo
reports-def-first-reply = Desde la creación del ticket hasta la primera respuesta pública de una persona del equipo; mediana y percentil 90 de las primeras respuestas dadas en el periodo, en horas naturales y laborables.
reports-def-next-reply = Desde el primer mensaje sin contestar del cliente (tras la primera respuesta) hasta la siguiente respuesta pública del equipo.
reports-def-resolution = Desde la creación hasta la última vez que se resolvió el ticket, para los tickets resueltos en el periodo.
reports-def-requester-wait = El tiempo que un ticket resuelto pasó nuevo o abierto (esperando al equipo), sin contar pendiente ni en espera.
reports-def-one-touch = Tickets resueltos en el periodo con exactamente una respuesta pública del equipo, sobre todos los resueltos.
reports-def-csat = Valoraciones de 4 o 5 sobre todas las valoraciones de las encuestas enviadas en el periodo; la tasa de respuesta es contestadas sobre enviadas.
reports-def-more = Todas las fórmulas están en docs/METRICS.md. Los días son los del servicio; el horario laboral de un equipo es el de su calendario.
quality-title = Revisiones de calidad
quality-lead-reviewer = Cada semana se elige una muestra de las conversaciones resueltas de cada agente. Puntúa cada una con la plantilla; el agente verá tus puntuaciones y tu comentario.
quality-lead-agent = Tus conversaciones puntuadas por los revisores, con sus comentarios.
quality-pending = Por revisar
quality-done = Revisadas
quality-draw = Elegir ahora la muestra de la semana pasada
quality-drawn = { $count ->
    [0] La muestra de la semana pasada ya estaba elegida.
    [one] Se eligió una conversación.
   *[other] Se eligieron { $count } conversaciones.
}
quality-none-pending = No hay nada pendiente de revisión.
quality-none-done = Todavía no hay revisiones.
quality-agent = Agente
quality-week = Semana del
quality-score = Puntuación
quality-reviewer = Revisor
quality-score-it = Revisar
quality-scorecard = Plantilla de evaluación
quality-criteria-edit = Criterios, uno por línea
quality-criteria-save = Guardar la plantilla
quality-criteria-saved = Se guardó la plantilla.
quality-review-title = Revisión
quality-comment = Comentario para el agente (opcional)
quality-save-score = Guardar la revisión
quality-scored = Se guardó la revisión; el agente ya puede leerla.
quality-not-scored = Todavía sin revisar.
reports-quality = Puntuación de calidad
reports-reviews-count = { $count ->
    [one] una revisión
   *[other] { $count } revisiones
}
reports-self-service = Resueltas por el asistente
reports-self-service-detail = de { $count } chats de los últimos { $days } días, sin una persona y sin que el cliente volviera
