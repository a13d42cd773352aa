// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/firestore.proto

import type { MethodDefinition } from '@grpc/proto-loader'
import type { BatchGetDocumentsRequest as _google_firestore_v1_BatchGetDocumentsRequest, BatchGetDocumentsRequest__Output as _google_firestore_v1_BatchGetDocumentsRequest__Output } from '../../../google/firestore/v1/BatchGetDocumentsRequest.ts';
import type { BatchGetDocumentsResponse as _google_firestore_v1_BatchGetDocumentsResponse, BatchGetDocumentsResponse__Output as _google_firestore_v1_BatchGetDocumentsResponse__Output } from '../../../google/firestore/v1/BatchGetDocumentsResponse.ts';
import type { BatchWriteRequest as _google_firestore_v1_BatchWriteRequest, BatchWriteRequest__Output as _google_firestore_v1_BatchWriteRequest__Output } from '../../../google/firestore/v1/BatchWriteRequest.ts';
import type { BatchWriteResponse as _google_firestore_v1_BatchWriteResponse, BatchWriteResponse__Output as _google_firestore_v1_BatchWriteResponse__Output } from '../../../google/firestore/v1/BatchWriteResponse.ts';
import type { BeginTransactionRequest as _google_firestore_v1_BeginTransactionRequest, BeginTransactionRequest__Output as _google_firestore_v1_BeginTransactionRequest__Output } from '../../../google/firestore/v1/BeginTransactionRequest.ts';
import type { BeginTransactionResponse as _google_firestore_v1_BeginTransactionResponse, BeginTransactionResponse__Output as _google_firestore_v1_BeginTransactionResponse__Output } from '../../../google/firestore/v1/BeginTransactionResponse.ts';
import type { CommitRequest as _google_firestore_v1_CommitRequest, CommitRequest__Output as _google_firestore_v1_CommitRequest__Output } from '../../../google/firestore/v1/CommitRequest.ts';
import type { CommitResponse as _google_firestore_v1_CommitResponse, CommitResponse__Output as _google_firestore_v1_CommitResponse__Output } from '../../../google/firestore/v1/CommitResponse.ts';
import type { CreateDocumentRequest as _google_firestore_v1_CreateDocumentRequest, CreateDocumentRequest__Output as _google_firestore_v1_CreateDocumentRequest__Output } from '../../../google/firestore/v1/CreateDocumentRequest.ts';
import type { DeleteDocumentRequest as _google_firestore_v1_DeleteDocumentRequest, DeleteDocumentRequest__Output as _google_firestore_v1_DeleteDocumentRequest__Output } from '../../../google/firestore/v1/DeleteDocumentRequest.ts';
import type { Document as _google_firestore_v1_Document, Document__Output as _google_firestore_v1_Document__Output } from '../../../google/firestore/v1/Document.ts';
import type { Empty as _google_protobuf_Empty, Empty__Output as _google_protobuf_Empty__Output } from '../../../google/protobuf/Empty.ts';
import type { ExecutePipelineRequest as _google_firestore_v1_ExecutePipelineRequest, ExecutePipelineRequest__Output as _google_firestore_v1_ExecutePipelineRequest__Output } from '../../../google/firestore/v1/ExecutePipelineRequest.ts';
import type { ExecutePipelineResponse as _google_firestore_v1_ExecutePipelineResponse, ExecutePipelineResponse__Output as _google_firestore_v1_ExecutePipelineResponse__Output } from '../../../google/firestore/v1/ExecutePipelineResponse.ts';
import type { GetDocumentRequest as _google_firestore_v1_GetDocumentRequest, GetDocumentRequest__Output as _google_firestore_v1_GetDocumentRequest__Output } from '../../../google/firestore/v1/GetDocumentRequest.ts';
import type { ListCollectionIdsRequest as _google_firestore_v1_ListCollectionIdsRequest, ListCollectionIdsRequest__Output as _google_firestore_v1_ListCollectionIdsRequest__Output } from '../../../google/firestore/v1/ListCollectionIdsRequest.ts';
import type { ListCollectionIdsResponse as _google_firestore_v1_ListCollectionIdsResponse, ListCollectionIdsResponse__Output as _google_firestore_v1_ListCollectionIdsResponse__Output } from '../../../google/firestore/v1/ListCollectionIdsResponse.ts';
import type { ListDocumentsRequest as _google_firestore_v1_ListDocumentsRequest, ListDocumentsRequest__Output as _google_firestore_v1_ListDocumentsRequest__Output } from '../../../google/firestore/v1/ListDocumentsRequest.ts';
import type { ListDocumentsResponse as _google_firestore_v1_ListDocumentsResponse, ListDocumentsResponse__Output as _google_firestore_v1_ListDocumentsResponse__Output } from '../../../google/firestore/v1/ListDocumentsResponse.ts';
import type { ListenRequest as _google_firestore_v1_ListenRequest, ListenRequest__Output as _google_firestore_v1_ListenRequest__Output } from '../../../google/firestore/v1/ListenRequest.ts';
import type { ListenResponse as _google_firestore_v1_ListenResponse, ListenResponse__Output as _google_firestore_v1_ListenResponse__Output } from '../../../google/firestore/v1/ListenResponse.ts';
import type { PartitionQueryRequest as _google_firestore_v1_PartitionQueryRequest, PartitionQueryRequest__Output as _google_firestore_v1_PartitionQueryRequest__Output } from '../../../google/firestore/v1/PartitionQueryRequest.ts';
import type { PartitionQueryResponse as _google_firestore_v1_PartitionQueryResponse, PartitionQueryResponse__Output as _google_firestore_v1_PartitionQueryResponse__Output } from '../../../google/firestore/v1/PartitionQueryResponse.ts';
import type { RollbackRequest as _google_firestore_v1_RollbackRequest, RollbackRequest__Output as _google_firestore_v1_RollbackRequest__Output } from '../../../google/firestore/v1/RollbackRequest.ts';
import type { RunAggregationQueryRequest as _google_firestore_v1_RunAggregationQueryRequest, RunAggregationQueryRequest__Output as _google_firestore_v1_RunAggregationQueryRequest__Output } from '../../../google/firestore/v1/RunAggregationQueryRequest.ts';
import type { RunAggregationQueryResponse as _google_firestore_v1_RunAggregationQueryResponse, RunAggregationQueryResponse__Output as _google_firestore_v1_RunAggregationQueryResponse__Output } from '../../../google/firestore/v1/RunAggregationQueryResponse.ts';
import type { RunQueryRequest as _google_firestore_v1_RunQueryRequest, RunQueryRequest__Output as _google_firestore_v1_RunQueryRequest__Output } from '../../../google/firestore/v1/RunQueryRequest.ts';
import type { RunQueryResponse as _google_firestore_v1_RunQueryResponse, RunQueryResponse__Output as _google_firestore_v1_RunQueryResponse__Output } from '../../../google/firestore/v1/RunQueryResponse.ts';
import type { UpdateDocumentRequest as _google_firestore_v1_UpdateDocumentRequest, UpdateDocumentRequest__Output as _google_firestore_v1_UpdateDocumentRequest__Output } from '../../../google/firestore/v1/UpdateDocumentRequest.ts';
import type { WriteRequest as _google_firestore_v1_WriteRequest, WriteRequest__Output as _google_firestore_v1_WriteRequest__Output } from '../../../google/firestore/v1/WriteRequest.ts';
import type { WriteResponse as _google_firestore_v1_WriteResponse, WriteResponse__Output as _google_firestore_v1_WriteResponse__Output } from '../../../google/firestore/v1/WriteResponse.ts';

export interface FirestoreDefinition {
  BatchGetDocuments: MethodDefinition<_google_firestore_v1_BatchGetDocumentsRequest, _google_firestore_v1_BatchGetDocumentsResponse, _google_firestore_v1_BatchGetDocumentsRequest__Output, _google_firestore_v1_BatchGetDocumentsResponse__Output>
  BatchWrite: MethodDefinition<_google_firestore_v1_BatchWriteRequest, _google_firestore_v1_BatchWriteResponse, _google_firestore_v1_BatchWriteRequest__Output, _google_firestore_v1_BatchWriteResponse__Output>
  BeginTransaction: MethodDefinition<_google_firestore_v1_BeginTransactionRequest, _google_firestore_v1_BeginTransactionResponse, _google_firestore_v1_BeginTransactionRequest__Output, _google_firestore_v1_BeginTransactionResponse__Output>
  Commit: MethodDefinition<_google_firestore_v1_CommitRequest, _google_firestore_v1_CommitResponse, _google_firestore_v1_CommitRequest__Output, _google_firestore_v1_CommitResponse__Output>
  CreateDocument: MethodDefinition<_google_firestore_v1_CreateDocumentRequest, _google_firestore_v1_Document, _google_firestore_v1_CreateDocumentRequest__Output, _google_firestore_v1_Document__Output>
  DeleteDocument: MethodDefinition<_google_firestore_v1_DeleteDocumentRequest, _google_protobuf_Empty, _google_firestore_v1_DeleteDocumentRequest__Output, _google_protobuf_Empty__Output>
  ExecutePipeline: MethodDefinition<_google_firestore_v1_ExecutePipelineRequest, _google_firestore_v1_ExecutePipelineResponse, _google_firestore_v1_ExecutePipelineRequest__Output, _google_firestore_v1_ExecutePipelineResponse__Output>
  GetDocument: MethodDefinition<_google_firestore_v1_GetDocumentRequest, _google_firestore_v1_Document, _google_firestore_v1_GetDocumentRequest__Output, _google_firestore_v1_Document__Output>
  ListCollectionIds: MethodDefinition<_google_firestore_v1_ListCollectionIdsRequest, _google_firestore_v1_ListCollectionIdsResponse, _google_firestore_v1_ListCollectionIdsRequest__Output, _google_firestore_v1_ListCollectionIdsResponse__Output>
  ListDocuments: MethodDefinition<_google_firestore_v1_ListDocumentsRequest, _google_firestore_v1_ListDocumentsResponse, _google_firestore_v1_ListDocumentsRequest__Output, _google_firestore_v1_ListDocumentsResponse__Output>
  Listen: MethodDefinition<_google_firestore_v1_ListenRequest, _google_firestore_v1_ListenResponse, _google_firestore_v1_ListenRequest__Output, _google_firestore_v1_ListenResponse__Output>
  PartitionQuery: MethodDefinition<_google_firestore_v1_PartitionQueryRequest, _google_firestore_v1_PartitionQueryResponse, _google_firestore_v1_PartitionQueryRequest__Output, _google_firestore_v1_PartitionQueryResponse__Output>
  Rollback: MethodDefinition<_google_firestore_v1_RollbackRequest, _google_protobuf_Empty, _google_firestore_v1_RollbackRequest__Output, _google_protobuf_Empty__Output>
  RunAggregationQuery: MethodDefinition<_google_firestore_v1_RunAggregationQueryRequest, _google_firestore_v1_RunAggregationQueryResponse, _google_firestore_v1_RunAggregationQueryRequest__Output, _google_firestore_v1_RunAggregationQueryResponse__Output>
  RunQuery: MethodDefinition<_google_firestore_v1_RunQueryRequest, _google_firestore_v1_RunQueryResponse, _google_firestore_v1_RunQueryRequest__Output, _google_firestore_v1_RunQueryResponse__Output>
  UpdateDocument: MethodDefinition<_google_firestore_v1_UpdateDocumentRequest, _google_firestore_v1_Document, _google_firestore_v1_UpdateDocumentRequest__Output, _google_firestore_v1_Document__Output>
  Write: MethodDefinition<_google_firestore_v1_WriteRequest, _google_firestore_v1_WriteResponse, _google_firestore_v1_WriteRequest__Output, _google_firestore_v1_WriteResponse__Output>
}
