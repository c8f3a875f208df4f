"""The work-order engine, one module per concern (the facade is harbin_app.services.workorders):

- types: what a type declares (its workflow table, form, display, documents, uploads);
- registry: the registered types (registered explicitly at start-up);
- policy: every read and write decision, from the tables;
- drafts: drafts stored value by value;
- transitions: creating orders, moving one or many through their workflow;
- queries: 我的待办, review queues, the enterprise's lists;
- detail: 待办详情 and 工单日志;
- documents: downloads offered now, files handed in.

Type modules import only `engine.types`.
"""
