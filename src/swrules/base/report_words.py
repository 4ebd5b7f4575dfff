"""The words of the station's evaluation report, in the agency's structure (`render.station`).

Input: none. Output: `REPORT_WORDS`, merged into `words.WORDS` (keys `r_*`, so templates
read them as `t.r_title`): the section headings and stock sentences of a Guangzhou
evaluation report in Chinese, with English beside them; and `SOURCE_REPORT_MARK`.
Kept apart from `words` only for its length; `words.w` is how they are read.
"""

from __future__ import annotations

# The checks on the evaluation's own process (labels starting 评估工作：), as the annex and `eval` head them.
PROCESS_HEADING = ("评估工作程序核对", "The evaluation's own process")

REPORT_WORDS: dict[str, tuple[str, str]] = {
    "r_example": ("示例：本报告由虚构的示例数据生成，不是真实的评估报告，不得用于评估真实站点。",
                  "EXAMPLE: this report is built from invented data; it is not a real evaluation."),
    "r_title": ("{station}{phase}报告", "{station}: {phase} report"),
    "r_summary": ("评估结果摘要", "Summary"),
    "r_grade_line": ("评估等级：{grade}（{total}分）", "Grade: {grade} ({total} points)"),
    "r_status_first": ("结果状态：初评意见，经区民政局确认并公示后为最终评估结果",
                       "Status: initial opinion, final after the district bureau confirms and publishes it"),
    "r_status_confirmed": ("结果状态：区民政局已于{date}确认，公示期满后为最终评估结果",
                           "Status: confirmed by the district bureau on {date}; final after public notice"),
    "r_status_final": ("结果状态：最终评估结果", "Status: final result"),
    "r_vetoes_none": ("一票否决：所列{n}种情形经核实均未发现", "Vetoes: none of the {n} situations was found"),
    "r_vetoes_hit": ("一票否决：发现{names}，评估结果确定为{forces}", "Vetoes: {names} found; the result is {forces}"),
    "r_vetoes_pending": ("一票否决：{n}种情形未能核实（{names}），等级有待核实",
                         "Vetoes: {n} situations could not be verified ({names}); the grade awaits them"),
    "r_differs": ("核对：原报告公布的{label}为{declared}，按评分表计算为{computed}"
                  "，相差{difference}（详见附件《计分复核说明》）",
                  "Check: the published {label} is {declared}, the score sheet gives {computed}, a difference of "
                  "{difference} (see the annex)"),
    "r_differs_text": ("核对：原报告公布的{label}为{declared}，按评分表计算为{computed}（详见附件《计分复核说明》）",
                       "Check: the published {label} is {declared}, the score sheet gives {computed} (see the annex)"),
    "r_agrees": ("核对：原报告公布的数字与按评分表计算的一致", "Check: the published figure"
                                          "s agree with the score sheet"),
    "r_background": ("一、{phase}背景", "1. Background"),
    "r_visit": ("{date}，{organisation}{experts}对{station}展开了{phase}工作。{days}主要通过{method}等形式，"
                "对{station}的项目管理、服务开展情况以及项目成效等方面进行评估。",
                "On {date} {organisation}{experts} evaluated {station} ({phase}). {days}Methods: {method}."),
    "r_experts": ("{experts}位评委", "{experts} experts"),
    "r_staff": ("及{staff}名工作人员", " and {staff} staff"),
    "r_days": ("评估为期{days}天，", "The evaluation took {days} day(s). "),
    "r_work_lead": ("评估团队主要完成了以下几方面的工作：", "The team:"),
    "r_basis": ("评估依据", "Basis"),
    "r_rules_basis": ("本报告的评分、等级和一票否决情形按{documents}的规定核算。",
                      "Scores, grade and vetoes are computed under {documents}."),
    "r_principles": ("评估原则", "Principles"),
    "r_stages": ("评估阶段", "Stages"),
    "r_stages_text": ("1.实地评估：评估小组根据评估计划组织实施，审阅{station}"
                      "提供的材料，实地考察，进行现场评估并打分。\n"
                      "2.反馈初评意见：综合评委专家、监督方、购买方、市督导中心的意见和建议，在评估工作结束后{feedback}个工作日内反馈初评意见，"
                      "对评估结果、存在问题及改进建议等进行沟通确认。\n"
                      "3.出具评估报告：在评估工作结束后{report}个工作日内出具评估报告，提出项目存在的问题及改进建议。\n"
                      "4.确认与公示：区民政局在收到评估报告后{confirm}个工作日内确认评估报告，确认后进行公示，公示期不少于{notice}个工作日；"
                      "公示期间收到质疑或投诉的，区民政局及时复核，并确定最终评估结果。",
                      "1. Site visit and scoring.\n2. Initial opinion within {feedback} working days.\n"
                      "3. Report within {report} working days.\n4. Conf"
                      "irmation by the district bureau within {confirm} "
                      "working days, then public notice of at least {notice} working days."),
    "r_content": ("评估内容", "Content"),
    "r_result_rules": ("评估结果说明", "How the result is decided"),
    "r_shares": ("评估分值由{n}方评估分数的总和确定。其中，{shares}。", "The score is the sum of {n}"
                                                    " parties' scores: {shares}."),
    "r_share": ("{party}占{share}分", "{party} {share} points"),
    "r_share_weight": ("{party}占比{share}", "{party} {share}"),
    "r_bands": ("评估等级分为{names}{n}个等级，{bands}。", "{n} grades: {bands}."),
    "r_band_low": ("{low}分以上为{name}", "{name}: {low} or more"),
    "r_band_mid": ("{low}分至{high}分（不含{high}分）为{name}", "{name}: {low} to under {high}"),
    "r_band_high": ("{high}分以下（不含{high}分）为{name}", "{name}: under {high}"),
    "r_vetoes_lead": ("评估中若发现有下列情形之一的，评估结果也确定为{forces}：", "Any of these makes "
                                                          "the result {forces}:"),
    "r_summary_section": ("二、评估总结", "2. Findings"),
    "r_basics": ("社工站基本情况", "The station"),
    "r_basics_text": ("本社工站评估期限内服务经费为{budget}，评估项目合同期为{contract}"
                      "。本次考核期为{period}{months}。",
                      "Budget {budget}; contract {contract}; period evaluated {period}{months}."),
    "r_months": ("，考核{months}个月", " ({months} months)"),
    "r_progress": ("各项目服务进度情况", "Service indicators"),
    "r_progress_note": ("完成率为实际完成量与协议指标量之比；标“推算”的协议指标量由原报告的完成率反推。",
                        "Completion is actual ÷ target; targets marked '"
                        "inferred' are derived from the published rates."),
    "r_inferred": ("（推算）", " (inferred)"),
    "r_rate_declared": ("报告公布的完成率", "published rate"),
    "r_rate_computed": ("计算的完成率", "computed rate"),
    "r_praise": ("值得肯定的地方", "Strengths"),
    "r_concern": ("需要关注的地方", "Needs attention"),
    "r_to_fill": ("（待评估机构填写）", "(to be written by the evaluator)"),
    "r_part_运营管理": ("项目运营管理", "Operations management"),
    "r_part_服务成效和服务监测": ("服务成效和服务监测情况", "Service outcomes and monitoring"),
    "r_part_服务质量": ("服务质量情况", "Service quality"),
    "r_part_购买方": ("购买方反馈情况", "Purchaser's feedback"),
    "r_part_市督导中心": ("市督导中心反馈", "Supervision centre's feedback"),
    "r_rule_checks": ("依评估规则核对的事项", "Checked by the rules"),
    "r_rule_checks_lead": ("下列事项由评估规则按填报的数据核对（不影响等级）：", "Checked by the policy's rul"
                                                        "es (no effect on the grade):"),
    "r_from_rule": ("（规则核对）", " (rule)"),
    "r_feedback": ("三、评估反馈", "3. Feedback"),
    "r_feedback_lead": ("评估反馈主要分为两大环节，一是现场反馈环节，二是对评估报"
                        "告初稿的意见反馈环节。本次{station}的反馈如下：",
                        "Feedback was given on site and on the draft report:"),
    "r_onsite": ("现场反馈", "On site"),
    "r_draft": ("对评估报告初稿的反馈", "On the draft"),
    "r_grade_section": ("四、评估等级", "4. Grade"),
    "r_vetoes_table": ("一票否决情形的核实结果", "Veto situations"),
    "r_situation": ("情形", "situation"),
    "r_conclusion": ("核实结果", "result"),
    "r_found": ("发现，评估结果确定为{forces}", "found: the result is {forces}"),
    "r_not_found": ("未发现", "not found"),
    "r_unverified": ("未能核实", "could not be verified"),
    "r_met": ("符合要求", "meets the requirement"),
    "r_grade_text": ("经过评估，{station}本次{phase}的等级为“{grade}”（{total}分）。",
                     "The {phase} grade of {station} is {grade} ({total} points)."),
    "r_grade_pending": ("因{n}种一票否决情形未能核实，本等级有待核实：若发现其中任一情形，评估结果确定为{forces}。",
                        "{n} veto situations could not be verified: if any is found, the result is {forces}."),
    "r_sheet_lead": ("以下是详细的评分情况：", "The score sheet:"),
    "r_merged": ("（{n}个片区合并折算）", " ({n} areas combined)"),
    "r_same": ("（同上）", "(as above)"),
    "r_chart": ("图：各方得分与标准分", "Figure: each party's points against its maximum"),
    "r_closing": ("五、结语", "5. Conclusion"),
    "r_suggestions": ("改进建议", "Recommendations"),
    "r_sign_org": ("评估机构（盖章）", "Evaluator (seal)"),
    "r_sign_experts": ("评估专家签名", "Experts' signatures"),
    "r_sign_date": ("出具日期", "Date"),
    "r_blank_date": ("　　年　　月　　日", "____-__-__"),
    "r_annex": ("附件：计分复核说明", "Annex: how the score was checked"),
    "r_annex_lead": ("本附件说明报告中的分数、等级和核实结果如何由评估规则和填报的数据得出，供复核使用。",
                     "How each figure of the report follows from the rules and the data, for checking."),
    "r_annex_recon": ("一、与原报告公布数字的核对", "1. Published figures"),
    "r_annex_scores": ("二、评分的计算", "2. How the scores are computed"),
    "r_annex_vetoes": ("三、一票否决情形的判定", "3. Vetoes"),
    "r_annex_findings": ("四、依评估规则核对的事项", "4. Checks"),
    "r_annex_process": ("五、" + PROCESS_HEADING[0], "5. The evaluation's own deadlines"),
    "r_process": PROCESS_HEADING,  # the same checks in `swrules eval`'s text
    "r_annex_missing": ("六、未填报的事项", "6. Not given"),
    "r_annex_files": ("七、计算依据与文件校验", "7. Files and checksums"),
    "r_process_lead": ("下列要求约束评估机构和区民政局的工作，不是对社工站的评价：",
                       "These bind the evaluator and the district bureau, not the station:"),
    "r_missing_lead": ("下列事项未填报，相关核对未能进行：", "Not given, so these checks could not be made:"),
    "r_rules_file": ("评估规则", "Policy"),
    "r_attention": ("需要关注", "needs attention"),
    "r_facts_used": ("所依据的事实", "facts used"),
    "r_policy_file": ("评估规则文件", "policy file"),
    "r_documents": ("依据文件", "Documents"),
    "r_source_report": ("（规则转述自此报告）", " (the rules are taken from this report)"),
    "r_evaluated_by": ("计算工具", "Computed by"),
}

# Regulations declared with this document text are published evaluation reports the policy's
# rules are taken from, not regulations: reports list them as sources, not as 评估依据.
SOURCE_REPORT_MARK = "已公布的评估报告"
